package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.importers.JsonImporter;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.reports.Report;
import dev.lag.reports.read.Reports;
import dev.lag.selector.Candidate;
import dev.lag.selector.CandidateTrainer;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Pool;
import dev.lag.selector.Selection;
import dev.lag.selector.policy.SuccessiveHalving;
import dev.lag.selector.serve.LagServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python example loop against a real {@code lag serve}: it trains, reports, pauses and stops
 * when told, and the pick equals what {@link LagSelector} picks from the same trajectories. The
 * served records open in {@code lag report}.
 */
class PythonClientTest {
  @Test
  void thePythonLoopGetsThePickLagSelectorMakes(@TempDir Path state) throws Exception {
    assertTrue(Files.isExecutable(Tools.PYTHON), "needs /usr/bin/python3");
    JsonNode result =
        lastJsonLine(
            state,
            url ->
                List.of(
                    Tools.PYTHON.toString(),
                    Tools.root().resolve("clients/python/example_loop.py").toString(),
                    "--url",
                    url));
    String id = result.path("id").asText();
    assertTrue(result.path("winner").isTextual(), result.toString());

    // The same trajectories, replayed through LagSelector with the same policy and scorer.
    Map<String, Trajectory> served =
        new JsonImporter().readStages(state.resolve(id).resolve("metrics.jsonl"), "?").get(1);
    Selection replayed =
        LagSelector.builder()
            .setTrainer(new Replay(served))
            .optPolicy(new SuccessiveHalving(20, 2))
            .optScorer(new LastValueScorer(Metric.EVAL_LOSS))
            .optFinalStep(400)
            .build()
            .choose(Pool.ofSpecs(List.of("stack-top", "midas", "interleave", "zero-new")));
    assertEquals(replayed.winner(), result.path("winner").asText());
    assertEquals(replayed.lag(), result.path("lag").asLong());
    List<String> tied = new ArrayList<>();
    result.path("tiedWithWinner").forEach(t -> tied.add(t.asText()));
    assertEquals(replayed.tiedWithWinner(), tied);

    // Served selections are run records like any other.
    Report report = Reports.read(List.of(state), "served", "test");
    assertEquals(List.of(), report.skipped());
    assertEquals("select", report.runs().get(0).kind());
    assertEquals(replayed.winner(), report.runs().get(0).stages().get(0).winner());
  }

  /**
   * Runs the command that {@code command} makes of a service URL against a real {@code lag serve}
   * in this JVM (records in {@code state}); asserts it exits 0 and returns its last JSON line.
   */
  static JsonNode lastJsonLine(
      Path state, java.util.function.Function<String, List<String>> command) throws Exception {
    try (LagServer server = Tools.service(state)) {
      Tools.Result run = Tools.run(command.apply("http://127.0.0.1:" + server.port()));
      assertEquals(0, run.exitCode(), run.out());
      String last = run.out().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElse("");
      return new ObjectMapper().readTree(last);
    }
  }

  /** A trainer that plays back what the Python loop reported, step for step. */
  record Replay(Map<String, Trajectory> log) implements CandidateTrainer {
    @Override
    public void train(Candidate candidate, long from, long until, Consumer<Point> report) {
      for (Point p : log.get(candidate.name()).points()) {
        if ((from == 0 ? p.step() >= 0 : p.step() > from) && p.step() <= until) {
          report.accept(p);
        }
      }
    }
  }
}
