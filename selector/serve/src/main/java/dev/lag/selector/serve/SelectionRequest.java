package dev.lag.selector.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.spec.Spec;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.Candidate;
import dev.lag.selector.Evidence;
import dev.lag.selector.SelectionSession;
import dev.lag.selector.policy.Policies;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@code POST /v1/selections} asks for: the pool, the policy, the scorer and the step the
 * scores predict. Validated whole on arrival, so a bad field is a 400 that names it, never a
 * failure later.
 *
 * @param candidates candidate names, in pool order
 * @param specs growth specs by candidate, for those that gave one (checked against {@code lag ops})
 * @param policy {@code fixed-lag(k=..)}, {@code successive-halving(r=.., eta=..)} or {@code
 *     stable-ranking(..)}
 * @param scorer a scorer name ({@code last}, {@code ema}, {@code mean}, {@code powerlaw})
 * @param metric {@code train} or {@code eval}: which reported loss is scored
 * @param finalStep the step the scores predict (the end of the stage)
 * @param replicas seed replicas each candidate reports (replica 0 to replicas - 1)
 * @param schedule the stage's learning-rate schedule as the loop runs it; null when not given
 */
public record SelectionRequest(
    List<String> candidates,
    Map<String, String> specs,
    String policy,
    String scorer,
    String metric,
    long finalStep,
    int replicas,
    StageSchedule schedule) {

  /**
   * The stage's learning-rate schedule, steps 0 to {@code finalStep}: what the annealing law needs
   * to predict each candidate's loss at the end of the stage.
   *
   * @param shape as a config writes it: {@code cosine}, {@code linear}, {@code constant}, {@code
   *     wsd(decay=0.2)}
   * @param lr the peak rate
   * @param warmup warm-up steps after growth
   * @param minLrRatio the rate at the last step, as a share of the peak
   */
  public record StageSchedule(String shape, double lr, int warmup, double minLrRatio) {
    /** The rate of every step of a stage that ends at {@code finalStep}. */
    public LearningRateSchedule over(long finalStep) {
      return new LearningRateSchedule(lr, lr * minLrRatio, warmup, (int) finalStep, shape);
    }
  }

  /**
   * The policy where a request names none: the rule's choice among policies that reports without
   * cooldown probes can be scored for ({@link Evidence#DEFAULT_POLICY_WITHOUT_PROBES}) where the
   * request is in the regime the rule judged, that is where it gives its stage's schedule and
   * scores the held-out loss, and the service has a bank to weigh the evidence by; else a fixed lag
   * of 50 steps, as before.
   *
   * @param weighable whether this service has a bank (asked only when the rest holds: reading one
   *     takes a second)
   */
  static String defaultPolicy(
      StageSchedule schedule, Metric metric, java.util.function.BooleanSupplier weighable) {
    return schedule != null && metric.equals(Metric.EVAL_LOSS) && weighable.getAsBoolean()
        ? Evidence.DEFAULT_POLICY_WITHOUT_PROBES
        : "fixed-lag(k=50)";
  }

  /** The largest step a report or a stage may name: what a JSON number holds exactly. */
  public static final long MAX_STEP = 1L << 53;

  /** The fields a request may have: a misspelled one is an error, never a silent default. */
  static final List<String> FIELDS =
      List.of("candidates", "policy", "scorer", "metric", "finalStep", "replicas", "schedule");

  /**
   * Refuses fields not in {@code known}: {@code "polcy"} names itself instead of leaving the
   * default policy in place.
   */
  static void onlyKnown(JsonNode object, List<String> known, String prefix) {
    object
        .fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                throw InvalidInputException.field(
                    prefix + f, object.get(f), "unknown field; known: " + String.join(", ", known));
              }
            });
  }

  /** Checks a growth spec's syntax only: a served selection never grows anything itself. */
  public static final Consumer<String> SYNTAX =
      spec -> Spec.parse("growth spec", spec, "midas(b=2, optimizer=copy)");

  /**
   * Parses and validates a request body.
   *
   * @param specCheck checks a candidate's growth spec, throwing {@link InvalidInputException} when
   *     it is bad ({@link #SYNTAX}: its syntax only; {@code lag serve} checks lag's operators too)
   */
  public static SelectionRequest fromJson(JsonNode body, Consumer<String> specCheck) {
    return fromJson(body, specCheck, () -> true);
  }

  /**
   * Parses and validates a request body for a service that may have no bank.
   *
   * @param specCheck checks a candidate's growth spec
   * @param weighable whether the service has a bank to weigh evidence by: where it has none, a
   *     request that names no policy gets the fixed lag instead of the rule's choice
   */
  public static SelectionRequest fromJson(
      JsonNode body, Consumer<String> specCheck, java.util.function.BooleanSupplier weighable) {
    if (body == null || !body.isObject()) {
      throw new InvalidInputException("body: expected a JSON object");
    }
    onlyKnown(body, FIELDS, "");
    Map<String, String> specs = new LinkedHashMap<>();
    List<String> names = candidates(body.path("candidates"), specs, specCheck);
    JsonNode fs = body.path("finalStep");
    if (!fs.isIntegralNumber() || !fs.canConvertToLong() || fs.asLong() <= 0) {
      throw InvalidInputException.field("finalStep", fs, "give a positive whole number of steps");
    }
    if (fs.asLong() > MAX_STEP) {
      throw InvalidInputException.field(
          "finalStep", fs, "steps are capped at 2^53 (" + MAX_STEP + "), as JSON numbers are");
    }
    String metric = text(body, "metric", "train");
    Metric scored = Metric.parse(metric);
    StageSchedule schedule = schedule(body.get("schedule"), fs.asLong());
    String policy =
        body.hasNonNull("policy")
            ? text(body, "policy", null)
            : defaultPolicy(schedule, scored, weighable);
    boolean hedged = Policies.isHedged(policy);
    String scorer =
        text(body, "scorer", Evidence.defaultScorerWithoutProbes(policy, schedule != null));
    if (scorer.equals(Evidence.ANNEAL) && schedule == null) {
      throw InvalidInputException.field(
          "schedule",
          body.get("schedule"),
          "the anneal scorer predicts the end of the stage under its learning-rate schedule: give"
              + " {\"shape\": \"wsd(decay=0.2)\", \"lr\": 0.003, \"warmup\": 20}");
    }
    // The bank's scorers and the hedged policy are checked where the bank is: the service.
    if (!Evidence.fitsOnABank(scorer) && Scorers.byName(scorer, scored).cooldownSteps() > 0) {
      // A cooldown score reads a probe, and the report API carries none: it would wait forever.
      throw InvalidInputException.field(
          "scorer", scorer, "reads cooldown probes, which reports cannot carry; use last or ema");
    }
    if (!hedged) {
      Policies.checkFits(Policies.parse(policy), names.size(), fs.asLong(), 0, scorer);
    }
    JsonNode rep = body.get("replicas");
    int replicas = 1;
    if (rep != null && !rep.isNull()) {
      if (!rep.isIntegralNumber() || !rep.canConvertToInt() || rep.asInt() < 1) {
        throw InvalidInputException.field("replicas", rep, "give a whole number >= 1");
      }
      if (rep.asInt() > SelectionSession.MAX_REPLICAS) {
        throw InvalidInputException.field(
            "replicas",
            rep,
            "at most " + SelectionSession.MAX_REPLICAS + " seed replicas per candidate");
      }
      replicas = rep.asInt();
    }
    return new SelectionRequest(
        names, specs, policy, scorer, metric, fs.asLong(), replicas, schedule);
  }

  /** The {@code candidates} list: names in pool order, and into {@code specs} those given. */
  private static List<String> candidates(
      JsonNode list, Map<String, String> specs, Consumer<String> specCheck) {
    if (!list.isArray() || list.isEmpty()) {
      throw InvalidInputException.field("candidates", list, "give a non-empty list");
    }
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode c : list) {
      String name;
      if (c.isTextual()) {
        name = c.asText();
      } else if (c.isObject() && c.path("name").isTextual()) {
        onlyKnown(c, List.of("name", "spec"), "candidates[" + names.size() + "].");
        name = c.get("name").asText();
        if (c.has("spec")) {
          String spec = c.path("spec").asText();
          try {
            specCheck.accept(spec);
          } catch (InvalidInputException e) {
            throw new InvalidInputException(
                "candidates[" + names.size() + "].spec=" + spec + ": " + e.getMessage());
          }
          specs.put(name, spec);
        }
      } else {
        throw InvalidInputException.field(
            "candidates", c, "each is a name or {\"name\": .., \"spec\": ..}");
      }
      Candidate.checkName(name);
      if (!seen.add(name)) {
        throw InvalidInputException.field("candidates", name, "duplicate candidate name");
      }
      names.add(name);
    }
    return names;
  }

  /** The {@code schedule} object: {@code shape} and {@code lr} required, the rest defaulted. */
  private static StageSchedule schedule(JsonNode node, long finalStep) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw InvalidInputException.field(
          "schedule",
          node,
          "expected {\"shape\": \"wsd(decay=0.2)\", \"lr\": 0.003, \"warmup\": 20}");
    }
    onlyKnown(node, List.of("shape", "lr", "warmup", "minLrRatio"), "schedule.");
    if (finalStep > Integer.MAX_VALUE) {
      throw InvalidInputException.field(
          "finalStep", finalStep, "a stage with a schedule is at most 2^31 - 1 steps");
    }
    JsonNode shape = node.get("shape");
    if (shape == null || !shape.isTextual()) {
      throw InvalidInputException.field(
          "schedule.shape", shape, "give the decay as a config writes it: cosine, wsd(decay=0.2)");
    }
    JsonNode lr = node.get("lr");
    if (lr == null || !lr.isNumber() || !(lr.asDouble() > 0) || !Double.isFinite(lr.asDouble())) {
      throw InvalidInputException.field("schedule.lr", lr, "give the peak rate, a number > 0");
    }
    JsonNode warmup = node.path("warmup");
    if (!warmup.isMissingNode()
        && (!warmup.isIntegralNumber() || warmup.asLong() < 0 || warmup.asLong() > finalStep)) {
      throw InvalidInputException.field(
          "schedule.warmup", warmup, "give whole steps in [0, finalStep=" + finalStep + "]");
    }
    JsonNode ratio = node.path("minLrRatio");
    if (!ratio.isMissingNode()
        && (!ratio.isNumber() || !(ratio.asDouble() >= 0 && ratio.asDouble() <= 1))) {
      throw InvalidInputException.field("schedule.minLrRatio", ratio, "give a number in [0, 1]");
    }
    StageSchedule s =
        new StageSchedule(
            shape.asText(),
            lr.asDouble(),
            warmup.isMissingNode() ? 0 : warmup.asInt(),
            ratio.isMissingNode() ? 0.1 : ratio.asDouble());
    s.over(finalStep); // the shape's syntax, named as the schedule's
    return s;
  }

  /** The request as JSON ({@code request.json} in the state directory). */
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode o = json.createObjectNode();
    ArrayNode list = o.putArray("candidates");
    for (String name : candidates) {
      if (specs.containsKey(name)) {
        list.addObject().put("name", name).put("spec", specs.get(name));
      } else {
        list.add(name);
      }
    }
    o.put("policy", policy);
    o.put("scorer", scorer);
    o.put("metric", metric);
    o.put("finalStep", finalStep);
    if (replicas != 1) {
      o.put("replicas", replicas);
    }
    if (schedule != null) {
      o.putObject("schedule")
          .put("shape", schedule.shape())
          .put("lr", schedule.lr())
          .put("warmup", schedule.warmup())
          .put("minLrRatio", schedule.minLrRatio());
    }
    return o;
  }

  private static String text(JsonNode body, String field, String fallback) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw InvalidInputException.field(field, v, "expected a string");
    }
    return v.asText();
  }
}
