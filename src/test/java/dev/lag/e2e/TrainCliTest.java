package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.record.TrainRun;
import dev.lag.trainer.train.StepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("djl")
class TrainCliTest {
  static final String[] TINY = {
    "--set", "layers=2", "--set", "dModel=32", "--set", "heads=2", "--set", "seqLen=32",
    "--set", "batch=8", "--set", "steps=40", "--set", "lr=1e-2", "--set", "warmup=4",
    "--set", "evalInterval=20", "--set", "evalBatches=2", "--set", "embeddedBytes=200000"
  };

  static String[] args(String... head) {
    String[] all = new String[head.length + TINY.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(TINY, 0, all, head.length, TINY.length);
    return all;
  }

  @Test
  void trainWritesRecordsAndEvalReadsTheCheckpoint(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    Cli result = Cli.run(args("train", "--out", run.toString()));
    assertEquals(0, result.exitCode(), result.err());

    JsonNode record = new ObjectMapper().readTree(run.resolve("run.json").toFile());
    assertEquals("completed", record.path("status").asText());
    assertEquals(2, record.path("config").path("layers").asInt());
    assertEquals("cpu", record.path("provenance").path("device").asText());
    assertFalse(record.path("provenance").path("djlVersion").asText().isEmpty());
    assertTrue(record.path("summary").path("finalEvalLoss").asDouble() < 4.5);

    List<StepRecord> metrics = TrainRun.readMetrics(run.resolve("metrics.jsonl"));
    assertEquals(41, metrics.size(), "step 0 and every step");
    assertTrue(metrics.get(40).evalLoss() < metrics.get(0).evalLoss() - 1);
    assertEquals(40L * 8 * 32, metrics.get(40).tokens());

    Path text =
        Files.writeString(dir.resolve("eval.txt"), "let a = 1 ; print a = 1 .\n".repeat(20));
    Cli eval =
        Cli.run(
            "eval",
            "--ckpt",
            run.resolve("checkpoint").toString(),
            "--data",
            text.toString(),
            "--json");
    assertEquals(0, eval.exitCode(), eval.err());

    Cli primitives =
        Cli.run(
            "eval",
            "--ckpt",
            run.resolve("checkpoint").toString(),
            "--tasks",
            "primitives",
            "--per-task",
            "10",
            "--json");
    assertEquals(0, primitives.exitCode(), primitives.err());
    JsonNode reasoning = new ObjectMapper().readTree(primitives.out()).path("primitives");
    assertEquals(7, reasoning.path("tasks").size(), "three depths in two forms, and induction");
    reasoning
        .path("tasks")
        .forEach(
            t -> {
              assertEquals(10, t.path("n").asInt());
              assertTrue(t.path("lower").asDouble() <= t.path("accuracy").asDouble());
              assertTrue(t.path("accuracy").asDouble() <= t.path("upper").asDouble());
            });
    assertEquals(1.0 / 3, reasoning.path("tasks").path("assign-d0-math").path("chance").asDouble());
    BadInputTest.assertUserError(
        "--tasks=reading",
        "eval",
        "--ckpt",
        run.resolve("checkpoint").toString(),
        "--tasks",
        "reading");
  }

  @Test
  void resumeAfterACrashEndsWithTheRecordsOfAnUninterruptedRun(@TempDir Path dir) throws Exception {
    Path straight = dir.resolve("straight");
    assertEquals(0, Cli.run(args("train", "--out", straight.toString())).exitCode());

    // A crash at step 25 of a run that checkpoints every 10 steps: the last checkpoint is step 20
    // and metrics.jsonl already holds steps 21-25, which resuming must drop and redo.
    Path crashed = dir.resolve("crashed");
    RunConfig config = RunConfig.DEFAULT.withAssignments(settings());
    TrainRun crashing =
        new TrainRun(config, crashed)
            .optCheckpointEvery(10)
            .optListener(
                r -> {
                  if (r.step() == 25) {
                    throw new IllegalStateException("simulated crash");
                  }
                });
    assertThrows(IllegalStateException.class, crashing::execute);
    assertEquals(
        "running",
        new ObjectMapper().readTree(crashed.resolve("run.json").toFile()).path("status").asText());

    // Resuming under another option would mix two runs' steps: refused, naming the option.
    List<String> otherLr =
        new java.util.ArrayList<>(List.of(args("train", "--out", crashed.toString(), "--resume")));
    otherLr.addAll(List.of("--set", "lr=0.0042"));
    Cli other = Cli.run(otherLr.toArray(String[]::new));
    assertEquals(2, other.exitCode(), other.err());
    assertTrue(other.err().contains("lr=0.0042: differs from the run in"), other.err());
    Cli resumed = Cli.run(args("train", "--out", crashed.toString(), "--resume"));
    assertEquals(0, resumed.exitCode(), resumed.err());
    List<StepRecord> expected = TrainRun.readMetrics(straight.resolve("metrics.jsonl"));
    List<StepRecord> actual = TrainRun.readMetrics(crashed.resolve("metrics.jsonl"));
    assertEquals(expected.size(), actual.size());
    // Equal to the bit: the counters in the checkpoint are the whole random state.
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).step(), actual.get(i).step());
      StepRecord e = expected.get(i);
      StepRecord a = actual.get(i);
      if (e.trainLoss() != null) {
        assertEquals(e.trainLoss(), a.trainLoss(), "train loss at step " + i);
      }
      if (e.evalLoss() != null) {
        assertEquals(e.evalLoss(), a.evalLoss(), "eval loss at step " + i);
      }
    }
  }

  static List<String> settings() {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 1; i < TINY.length; i += 2) {
      out.add(TINY[i]);
    }
    return out;
  }

  static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
