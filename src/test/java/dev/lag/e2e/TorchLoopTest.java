package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lag.analysis.importers.JsonImporter;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Pool;
import dev.lag.selector.Selection;
import dev.lag.selector.policy.SuccessiveHalving;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyTorch user's path end to end: a small GPT in plain PyTorch is trained, saved as safetensors,
 * grown by {@code lag grow} into every candidate, the candidates train in the user's own loop and
 * report through the Python client to a real {@code lag serve}, and the pick equals what {@link
 * LagSelector} picks from the same losses.
 */
class TorchLoopTest {
  private static Path launcher(Path bin) {
    try {
      return Jvm.launcher(bin);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aPlainPytorchLoopGrowsItsModelAndGetsThePickLagSelectorMakes(
      @TempDir Path state, @TempDir Path work) throws Exception {
    assumeTrue(Tools.hasTorch(), "needs Debian's python3-torch: apt-get install -y python3-torch");
    List<String> ops = List.of("stack-top", "midas", "zero-new");
    Path bin = Files.createDirectories(work.resolve("bin"));
    JsonNode result =
        PythonClientTest.lastJsonLine(
            state,
            url ->
                List.of(
                    Tools.PYTHON.toString(),
                    Tools.root().resolve("clients/python/examples/torch_loop.py").toString(),
                    "--url",
                    url,
                    "--lag",
                    launcher(bin).toString(),
                    "--ops",
                    String.join(",", ops),
                    "--work",
                    work.resolve("models").toString()));
    for (String op : ops) {
      assertTrue(
          Files.isRegularFile(work.resolve("models").resolve(op).resolve("model.safetensors")),
          "lag grow wrote " + op);
    }
    assertTrue(result.path("winner").isTextual(), result.toString());

    // The same losses, replayed through LagSelector with the example's policy and scorer.
    Map<String, Trajectory> served =
        new JsonImporter()
            .readStages(state.resolve(result.path("id").asText()).resolve("metrics.jsonl"), "?")
            .get(1);
    Selection replayed =
        LagSelector.builder()
            .setTrainer(new PythonClientTest.Replay(served))
            .optPolicy(new SuccessiveHalving(10, 2))
            .optScorer(new LastValueScorer(Metric.EVAL_LOSS))
            .optFinalStep(60)
            .build()
            .choose(Pool.ofSpecs(ops));
    assertEquals(replayed.winner(), result.path("winner").asText(), result.toString());
    assertEquals(replayed.lag(), result.path("lag").asLong());
    List<String> tied = new java.util.ArrayList<>();
    result.path("tiedWithWinner").forEach(t -> tied.add(t.asText()));
    assertEquals(replayed.tiedWithWinner(), tied);
    // At the pick the winner had trained to the lag; told "won", it trained on to the stage's end.
    assertEquals(replayed.lag(), result.path("stepsAtPick").path(replayed.winner()).asLong());
    assertEquals(60, result.path("winnerSteps").asLong());
  }
}
