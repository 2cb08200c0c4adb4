package dev.lag.selector.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.Candidate;
import dev.lag.selector.CandidateTrainer;
import dev.lag.selector.Evidence;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Pool;
import dev.lag.selector.Selection;
import dev.lag.selector.SelectionJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence in the service: a request that gives its stage's schedule and scores the held-out loss
 * gets the rule's default, and one that names the hedged policy with the annealing law is weighed
 * by the service's bank (lag's own here, where the build's lag.home points) and decides as the
 * library does on the same losses.
 */
class ServedEvidenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STUDY = "embedded-2to4-s1600-wsd0.2";

  @TempDir Path state;

  private static BankStudy study() {
    return Evidence.shippedBank().studies().stream()
        .filter(s -> s.name().equals(STUDY))
        .findFirst()
        .orElseThrow();
  }

  /** A request for the study's pool and stage; {@code extra} adds or replaces fields. */
  private static ObjectNode request(BankStudy study, Map<String, Object> extra) {
    ObjectNode body = JSON.createObjectNode();
    var list = body.putArray("candidates");
    study.growth().forEach((name, spec) -> list.addObject().put("name", name).put("spec", spec));
    body.put("metric", "eval");
    body.put("finalStep", study.finalStep());
    body.putObject("schedule")
        .put("shape", study.config().get("schedule"))
        .put("lr", Double.parseDouble(study.config().get("lr")))
        .put("warmup", Integer.parseInt(study.config().get("warmup")))
        .put("minLrRatio", Double.parseDouble(study.config().getOrDefault("minLrRatio", "0.1")));
    extra.forEach((k, v) -> body.set(k, JSON.valueToTree(v)));
    return body;
  }

  @Test
  void theDefaultIsTheRulesChoiceWhereItWasJudgedAndAFixedLagElsewhere() {
    BankStudy study = study();
    SelectionRequest ruled = SelectionRequest.fromJson(request(study, Map.of()), s -> {});
    assertEquals(Evidence.DEFAULT_POLICY_WITHOUT_PROBES, ruled.policy());
    assertTrue(ruled.policy().contains("weigh=regime"), "the rule's choice on forty-one studies");
    assertEquals("anneal", ruled.scorer(), "reports carry no probes: the rule's choice, the law");
    assertEquals(study.finalStep(), ruled.schedule().over(ruled.finalStep()).total());
    SelectionRequest hedged =
        SelectionRequest.fromJson(request(study, Map.of("policy", "hedged")), s -> {});
    assertEquals("anneal", hedged.scorer(), "the schedule is known");

    SelectionRequest bankless =
        SelectionRequest.fromJson(request(study, Map.of()), s -> {}, () -> false);
    assertEquals("fixed-lag(k=50)", bankless.policy(), "a service with no bank to weigh by");
    assertEquals("last", bankless.scorer());

    ObjectNode onTrain = request(study, Map.of("metric", "train"));
    assertEquals("fixed-lag(k=50)", SelectionRequest.fromJson(onTrain, s -> {}).policy());
    ObjectNode noSchedule = request(study, Map.of());
    noSchedule.remove("schedule");
    SelectionRequest plain = SelectionRequest.fromJson(noSchedule, s -> {});
    assertEquals("fixed-lag(k=50)", plain.policy());
    assertEquals("last", plain.scorer());
  }

  @Test
  void theServiceAndTheLibraryMakeTheSameHedgedRecordFromTheSameLosses() throws Exception {
    BankStudy study = study();
    String policy = "hedged(confidence=0.8, budget=0.3)";
    SelectionRequest request =
        SelectionRequest.fromJson(
            request(study, Map.of("policy", policy, "scorer", Evidence.ANNEAL)), s -> {});
    Map<String, Trajectory> runs = new LinkedHashMap<>();
    study.replicas().forEach((name, replicas) -> runs.put(name, replicas.get(0)));

    // The library pulls: each window replays the banked run's steps, and what it saw is kept.
    List<LagService.Report> seen = new ArrayList<>();
    CandidateTrainer trainer =
        (candidate, from, until, report) -> {
          for (Point p : runs.get(candidate.name()).points()) {
            if (p.step() >= (from == 0 ? 0 : from + 1) && p.step() <= until) {
              seen.add(new LagService.Report(candidate.name(), 0, p));
              report.accept(p);
            }
          }
        };
    Evidence evidence =
        new Evidence(Evidence.ANNEAL, Metric.EVAL_LOSS, Evidence.shippedBank(), true, "--");
    List<Candidate> pool = new ArrayList<>();
    study.growth().forEach((name, spec) -> pool.add(new Candidate(name, spec, null, null)));
    Selection library =
        LagSelector.builder()
            .setTrainer(trainer)
            .optPolicy(
                evidence.policy(
                    policy, study.growth(), request.schedule().over(request.finalStep())))
            .optScorer(evidence.scorer(request.schedule().over(request.finalStep())))
            .optFinalStep(request.finalStep())
            .build()
            .choose(Pool.of(pool));
    assertTrue(library.confidence().computed(), "calibrated on the bank");

    // The same losses pushed to the service, as loops would send them.
    try (LagService service = new LagService(state)) {
      String id = service.create(request);
      JsonNode open = service.status(id);
      assertEquals("open", open.path("status").asText());
      assertTrue(open.path("policy").asText().startsWith("hedged("), open.toString());
      assertEquals("anneal", open.path("scorer").asText(), "shown before any report");
      for (LagService.Report r : seen) {
        service.report(id, List.of(r));
      }
      JsonNode served = JSON.readTree(state.resolve(id).resolve("selection.json").toFile());
      ObjectNode own = SelectionJson.toJson(library, JSON);
      own.put("finalStep", request.finalStep());
      ((ObjectNode) own.get("compute")).remove("seconds");
      ((ObjectNode) served.get("compute")).remove("seconds");
      assertEquals(JSON.readTree(own.toString()), served, "field by field, as written");
      assertTrue(served.path("policy").asText().startsWith("hedged("), served.toString());
      assertEquals("anneal", served.path("scorer").asText());
    }
  }

  @Test
  void whatTheEvidenceNeedsIsNamedWhenItIsMissing() throws Exception {
    BankStudy study = study();
    ObjectNode noSchedule = request(study, Map.of("scorer", "anneal"));
    noSchedule.remove("schedule");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> SelectionRequest.fromJson(noSchedule, s -> {}));
    assertTrue(e.getMessage().startsWith("schedule=null: the anneal scorer"), e.getMessage());

    ObjectNode badRate = request(study, Map.of());
    ((ObjectNode) badRate.get("schedule")).put("lr", -1);
    e =
        assertThrows(
            InvalidInputException.class, () -> SelectionRequest.fromJson(badRate, s -> {}));
    assertTrue(e.getMessage().startsWith("schedule.lr=-1"), e.getMessage());

    ObjectNode typo = request(study, Map.of());
    ((ObjectNode) typo.get("schedule")).put("warmpu", 5);
    e = assertThrows(InvalidInputException.class, () -> SelectionRequest.fromJson(typo, s -> {}));
    assertTrue(e.getMessage().startsWith("schedule.warmpu=5: unknown field"), e.getMessage());

    try (LagService noBank = new LagService(state, s -> {}, () -> null, false)) {
      SelectionRequest hedged =
          SelectionRequest.fromJson(request(study, Map.of("policy", "hedged")), s -> {});
      e = assertThrows(InvalidInputException.class, () -> noBank.create(hedged));
      assertTrue(e.getMessage().startsWith("policy=hedged: weighs evidence"), e.getMessage());
      assertTrue(e.getMessage().contains("lag serve --bank DIR"), e.getMessage());
    }
  }
}
