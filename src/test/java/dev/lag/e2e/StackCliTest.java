package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lag stack}: a tiny adaptive schedule with baselines, and config validation. */
@Tag("djl")
class StackCliTest {
  static final String CONFIG =
      """
      {"depths": [1, 2, 3], "budgetTokens": %d, "policy": "%s", "pool": %s,
       "dModel": 32, "heads": 2, "seqLen": 16, "batch": 4, "lr": 0.01, "warmup": 2,
       "evalInterval": 5, "evalBatches": 2, "embeddedBytes": 100000}
      """;

  static Path config(Path dir, long tokens, String policy, String pool) throws Exception {
    return Files.writeString(dir.resolve("stack.json"), CONFIG.formatted(tokens, policy, pool));
  }

  @Test
  void thePriorPolicyTrainsNoCandidateAndEqualsTheFixedScheduleOfItsChoice(@TempDir Path dir)
      throws Exception {
    Path run = dir.resolve("run");
    Path config = config(dir, 60 * 64, "prior", "[\"zero-new\", \"stack-top\"]");
    Cli r =
        Cli.run(
            "stack",
            "--config",
            config.toString(),
            "--set",
            "raptr=false",
            "--out",
            run.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode stack = new ObjectMapper().readTree(run.resolve("stack.json").toFile());
    for (JsonNode stage : stack.path("stages")) {
      assertEquals("stack-top", stage.path("selection").path("winner").asText());
      assertEquals("prior", stage.path("selection").path("tieBreak").path("rule").asText());
      assertEquals(0, stage.path("overheadFlops").asDouble());
    }
    JsonNode lag = stack.path("contenders").get(0);
    JsonNode fixed = null;
    for (JsonNode c : stack.path("contenders")) {
      fixed = c.path("name").asText().equals("fixed:stack-top") ? c : fixed;
    }
    assertEquals(0, lag.path("overheadFlops").asDouble());
    assertEquals(fixed.path("flops").asDouble(), lag.path("flops").asDouble());
    assertEquals(
        fixed.path("finalEvalLoss").asDouble(),
        lag.path("finalEvalLoss").asDouble(),
        "the same operator at every boundary, the same batches: the same bits");
  }

  @Test
  void adaptiveStackingWithBaselines(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    Path config = config(dir, 60 * 64, "fixed-lag(k=5)", "[\"stack-top\", \"zero-new\"]");
    Cli r = Cli.run("stack", "--config", config.toString(), "--out", run.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode stack = new ObjectMapper().readTree(run.resolve("stack.json").toFile());
    assertEquals(1, stack.path("schemaVersion").asInt());
    assertEquals("[20,20,20]", stack.path("stageSteps").toString());
    assertEquals(2, stack.path("stages").size());
    assertEquals(3, stack.path("stages").get(1).path("depth").asInt());
    assertEquals(5, stack.path("contenders").size(), "lag, scratch, raptr and two fixed schedules");
    JsonNode lag = stack.path("contenders").get(0);
    assertEquals("lag", lag.path("name").asText());
    assertTrue(lag.path("overheadFlops").asDouble() > 0, "losers' lag steps are overhead");
    JsonNode scratch = stack.path("contenders").get(1);
    assertTrue(
        scratch.path("flops").asDouble()
            > lag.path("flops").asDouble() - lag.path("overheadFlops").asDouble(),
        "growing spends fewer FLOPs than training the last depth from the start");
    assertEquals(0, scratch.path("savingVsScratch").asDouble(), "the reference saves nothing");
    JsonNode raptr = stack.path("contenders").get(2);
    assertEquals("raptr", raptr.path("name").asText());
    assertTrue(
        raptr.path("flops").asDouble() < scratch.path("flops").asDouble(),
        "random paths of 1-2-3 of 3 layers cost less than 3 layers every step");
    assertTrue(
        Files.readString(run.resolve("metrics.jsonl"))
            .contains("\"candidate\":\"fixed:zero-new\",\"stage\":3"));
    assertTrue(Files.readString(run.resolve("metrics.jsonl")).contains("\"candidate\":\"raptr\""));
  }

  @Test
  void aFlopBudgetGivesDeeperStagesFewerSteps() throws Exception {
    var node =
        new ObjectMapper()
            .readTree(
                "{\"depths\": [1, 2, 4], \"budgetFlops\": 3e11, \"pool\": [\"stack-top\"],"
                    + " \"policy\": \"fixed-lag(k=1)\", \"dModel\": 32, \"heads\": 2, \"seqLen\": 16, \"batch\": 4}");
    var config = dev.lag.selector.experiments.stack.StackConfig.of(node, java.util.List.of());
    int[] steps = config.stageSteps();
    assertTrue(steps[0] > steps[1] && steps[1] > steps[2], java.util.Arrays.toString(steps));
    double flops = 0;
    for (int i = 0; i < 3; i++) {
      flops +=
          steps[i]
              * dev.lag.trainer.train.FlopCounter.perStep(
                  config.run().model().withLayers(new int[] {1, 2, 4}[i]), 4);
    }
    assertEquals(3e11, flops, 0.01 * 3e11, "the stages spend the budget");
  }

  @Test
  void configIsValidatedBeforeTraining(@TempDir Path dir) throws Exception {
    String out = dir.resolve("r").toString();
    BadInputTest.assertUserError(
        "not shorter than stage 2",
        "stack",
        "--config",
        config(dir, 60 * 64, "fixed-lag(k=50)", "[\"stack-top\"]").toString(),
        "--out",
        out);
    BadInputTest.assertUserError(
        "pool: empty",
        "stack",
        "--config",
        config(dir, 60 * 64, "fixed-lag(k=5)", "[]").toString(),
        "--out",
        out);
    BadInputTest.assertUserError(
        "duplicate candidate name",
        "stack",
        "--config",
        config(dir, 60 * 64, "fixed-lag(k=5)", "[\"midas\", \"midas\"]").toString(),
        "--out",
        out);
    BadInputTest.assertUserError(
        "too small",
        "stack",
        "--config",
        config(dir, 64, "fixed-lag(k=5)", "[\"midas\"]").toString(),
        "--out",
        out);
    Path bad =
        Files.writeString(dir.resolve("bad.json"), "{\"depths\": [2, 2], \"pool\": [\"midas\"]}");
    BadInputTest.assertUserError(
        "depths=[2, 2]: must increase", "stack", "--config", bad.toString(), "--out", out);
    Path midas =
        Files.writeString(
            dir.resolve("midas.json"), "{\"depths\": [2, 3], \"pool\": [\"midas(b=2)\"]}");
    BadInputTest.assertUserError(
        "midas(b=2) cannot reach depth 3", "stack", "--config", midas.toString(), "--out", out);
  }
}
