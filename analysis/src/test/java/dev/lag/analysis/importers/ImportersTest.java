package dev.lag.analysis.importers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportersTest {
  static final String TRAINER_STATE =
      """
      {"best_metric": null, "global_step": 30, "log_history": [
        {"epoch": 0.1, "grad_norm": 1.2, "learning_rate": 5e-05, "loss": 3.5, "step": 10},
        {"epoch": 0.1, "eval_loss": 3.4, "eval_runtime": 1.0, "step": 10},
        {"epoch": 0.2, "learning_rate": 4e-05, "loss": 2.5, "step": 20},
        {"epoch": 0.3, "learning_rate": 3e-05, "loss": %s, "step": 30},
        {"epoch": 0.3, "eval_loss": 2.2, "step": 30},
        {"epoch": 0.3, "step": 30, "total_flos": 1e12, "train_loss": 2.9, "train_runtime": 9.0}
      ], "max_steps": 30}
      """;

  @Test
  void huggingFaceFolderOfRunsIsAPool(@TempDir Path dir) throws Exception {
    for (String name : List.of("midas", "stack-top")) {
      Path run = Files.createDirectories(dir.resolve(name).resolve("checkpoint-30").getParent());
      Files.writeString(
          run.resolve("trainer_state.json"),
          TRAINER_STATE.formatted(name.equals("midas") ? "2.0" : "2.1"));
    }
    Files.createDirectory(dir.resolve("not-a-run"));
    List<Trajectory> pool = Importers.load(List.of(dir));
    assertEquals(List.of("midas", "stack-top"), pool.stream().map(Trajectory::name).toList());
    Trajectory midas = pool.get(0);
    assertEquals(3, midas.size(), "summary entry with train_loss is not a step");
    assertEquals(2.0, midas.valueAt(Metric.TRAIN_LOSS, 30));
    assertEquals(3.4, midas.valueAt(Metric.EVAL_LOSS, 25));
    assertEquals(2.2, midas.valueAt(Metric.EVAL_LOSS, 30));
  }

  @Test
  void aHuggingFaceOutputFolderIsOneRunReadFromItsLatestCheckpoint(@TempDir Path dir)
      throws Exception {
    for (String op : List.of("midas", "stack-top", "zero-new")) {
      for (int step : new int[] {20, 30}) {
        Path ck = Files.createDirectories(dir.resolve(op).resolve("checkpoint-" + step));
        // An earlier checkpoint's state has less history; the latest has it all.
        Files.writeString(
            ck.resolve("trainer_state.json"),
            step == 20
                ? TRAINER_STATE.formatted("9.0").replace("\"step\": 30", "\"step\": 19")
                : TRAINER_STATE.formatted(op.equals("midas") ? "2.0" : "2.1"));
      }
    }
    List<Trajectory> pool = Importers.load(List.of(dir));
    assertEquals(
        List.of("midas", "stack-top", "zero-new"), pool.stream().map(Trajectory::name).toList());
    assertEquals(2.0, pool.get(0).valueAt(Metric.TRAIN_LOSS, 30), "from checkpoint-30");
    List<Importers.FoundRun> found = Importers.discover(dir);
    assertTrue(
        found.get(0).log().endsWith(Path.of("midas", "checkpoint-30", "trainer_state.json")));
  }

  @Test
  void runsAreFoundAtAnyDepthAndNamedByTheirPath(@TempDir Path dir) throws Exception {
    for (String run : List.of("sweep/a/midas", "sweep/a/stack-top", "sweep/b/zero-new")) {
      Path d = Files.createDirectories(dir.resolve(run));
      Files.writeString(d.resolve("metrics.csv"), "step,loss\n1,3.0\n2,2.5\n");
    }
    Files.createDirectories(dir.resolve("sweep/a/midas/checkpoint")); // part of the run
    List<Trajectory> pool = Importers.load(dir);
    assertEquals(
        List.of("sweep/a/midas", "sweep/a/stack-top", "sweep/b/zero-new"),
        pool.stream().map(Trajectory::name).toList());
  }

  @Test
  void fieldsNamedByTheUserAreRead(@TempDir Path dir) throws Exception {
    Path log =
        Files.writeString(
            dir.resolve("wandb.jsonl"),
            "{\"_step\": 1, \"train/loss\": 3.0}\n{\"_step\": 2, \"train/loss\": 2.0,"
                + " \"eval/loss\": 2.5}\n");
    InvalidInputException usual =
        assertThrows(InvalidInputException.class, () -> Importers.load(log));
    assertTrue(usual.getMessage().contains("--field step=KEY"), usual.getMessage());
    LogFields fields = LogFields.parse(List.of("step=_step", "train=train/loss", "eval=eval/loss"));
    Trajectory t = Importers.load(log, fields).get(0);
    assertEquals(2.0, t.valueAt(Metric.TRAIN_LOSS, 2));
    assertEquals(2.5, t.valueAt(Metric.EVAL_LOSS, 2));
    InvalidInputException absent =
        assertThrows(
            InvalidInputException.class,
            () -> Importers.load(log, LogFields.parse(List.of("step=_step", "train=loss/train"))));
    assertTrue(
        absent.getMessage().startsWith("--field train=loss/train: no entry of"),
        absent.getMessage());
    InvalidInputException bad =
        assertThrows(InvalidInputException.class, () -> LogFields.parse(List.of("loss=x")));
    assertTrue(bad.getMessage().startsWith("--field=loss=x"), bad.getMessage());
  }

  @Test
  void oneCsvOfManyRunsIsReadAsManyRuns(@TempDir Path dir) throws Exception {
    // A W&B export: one row per run and step, the run in "Name", W&B's own metric names.
    StringBuilder wandb = new StringBuilder("Name,Step,train/loss,eval/loss\n");
    List<String> runs = List.of("stack-top", "midas", "zero-new", "interleave");
    for (int r = 0; r < runs.size(); r++) {
      for (int step = 0; step <= 40; step += 10) {
        double loss = 3.0 - 0.02 * step - 0.1 * r;
        wandb.append(runs.get(r)).append(',').append(step).append(',').append(loss).append(',');
        wandb.append(step % 20 == 0 ? String.valueOf(loss + 0.1) : "").append('\n');
      }
    }
    List<Trajectory> w = Importers.load(Files.writeString(dir.resolve("wandb.csv"), wandb));
    assertEquals(runs, w.stream().map(Trajectory::name).toList());
    assertEquals(3.0 - 0.8 - 0.1, w.get(1).valueAt(Metric.TRAIN_LOSS, 40), 1e-12);
    assertEquals(3.0 - 0.8 - 0.1 + 0.1, w.get(1).valueAt(Metric.EVAL_LOSS, 40), 1e-12);

    // TensorBoard's scalar export: one value per row, the metric in "tag".
    StringBuilder tb = new StringBuilder("run,tag,step,value\n");
    for (String run : List.of("a", "b", "c")) {
      for (int step = 0; step <= 30; step += 10) {
        tb.append(run).append(",train/loss,").append(step).append(',').append(2.0 - 0.01 * step);
        tb.append('\n').append(run).append(",lr,").append(step).append(",0.001\n");
        tb.append(run).append(",eval/loss,").append(step).append(',').append(2.5).append('\n');
      }
    }
    List<Trajectory> t = Importers.load(Files.writeString(dir.resolve("tb.csv"), tb));
    assertEquals(List.of("a", "b", "c"), t.stream().map(Trajectory::name).toList());
    assertEquals(4, t.get(2).size(), "train and eval rows of a step are one point; lr is not");
    assertEquals(1.7, t.get(2).valueAt(Metric.TRAIN_LOSS, 30), 1e-12);
    assertEquals(2.5, t.get(2).valueAt(Metric.EVAL_LOSS, 30), 1e-12);

    // Any column can name the run.
    Path seeds =
        Files.writeString(dir.resolve("seeds.csv"), "seed,step,loss\n1,0,3\n1,1,2\n2,0,3\n2,1,1\n");
    assertEquals(1, Importers.load(seeds).size(), "without a run column the file is one run");
    List<Trajectory> bySeed = Importers.load(seeds, LogFields.parse(List.of("candidate=seed")));
    assertEquals(List.of("1", "2"), bySeed.stream().map(Trajectory::name).toList());
    InvalidInputException absent =
        assertThrows(
            InvalidInputException.class,
            () -> Importers.load(seeds, LogFields.parse(List.of("candidate=Name"))));
    assertTrue(absent.getMessage().startsWith("--field candidate=Name: no such column"));
  }

  @Test
  void nanLossMarksTheCandidateDiverged(@TempDir Path dir) throws Exception {
    Path run = Files.createDirectory(dir.resolve("bad"));
    Files.writeString(run.resolve("trainer_state.json"), TRAINER_STATE.formatted("NaN"));
    Trajectory t = Importers.load(run).get(0);
    assertTrue(t.diverged());
    assertEquals("bad", t.name());
  }

  @Test
  void lightningCsvAndPlainCsv(@TempDir Path dir) throws Exception {
    Path lightning = Files.createDirectory(dir.resolve("lit"));
    Files.writeString(
        lightning.resolve("metrics.csv"),
        "epoch,step,train_loss_step,val_loss\n0,9,3.1,\n0,19,2.8,\n0,19,,2.9\n1,29,2.5,\n");
    Trajectory lit = Importers.load(lightning).get(0);
    assertEquals("lit", lit.name());
    assertEquals(2.8, lit.valueAt(Metric.TRAIN_LOSS, 20));
    assertEquals(2.9, lit.valueAt(Metric.EVAL_LOSS, 29));

    Path plain = dir.resolve("pool.csv");
    Files.writeString(
        plain, "candidate,step,loss,eval_loss\na,0,5,5.1\nb,0,5,\na,10,3,\nb,10,inf,\n");
    List<Trajectory> pool = Importers.load(plain);
    assertEquals(2, pool.size());
    assertFalse(pool.get(0).diverged());
    assertTrue(pool.get(1).diverged());
  }

  @Test
  void lagMetricsJsonlWithATornLastLine(@TempDir Path dir) throws Exception {
    Path run = Files.createDirectory(dir.resolve("run"));
    Files.writeString(
        run.resolve("metrics.jsonl"),
        "{\"step\":0,\"tokens\":0,\"flops\":0.0,\"evalLoss\":5.5}\n"
            + "{\"step\":1,\"tokens\":2048,\"flops\":1.0E10,\"trainLoss\":5.4}\n"
            + "{\"step\":2,\"tok");
    Files.writeString(run.resolve("run.json"), "{\"status\": \"diverged\"}");
    Trajectory t = Importers.load(run).get(0);
    assertEquals(2, t.size());
    assertEquals(2048, t.points().get(1).tokens());
    assertTrue(t.diverged(), "run.json status carried over");
  }

  @Test
  void growthLogsSplitByStageThenCandidate(@TempDir Path dir) throws Exception {
    Path log =
        Files.writeString(
            dir.resolve("metrics.jsonl"),
            "{\"candidate\":\"lag\",\"stage\":1,\"step\":0,\"evalLoss\":5.0}\n"
                + "{\"candidate\":\"lag\",\"stage\":1,\"step\":10,\"evalLoss\":3.0}\n"
                + "{\"candidate\":\"midas\",\"stage\":2,\"step\":0,\"evalLoss\":3.5}\n"
                + "{\"candidate\":\"lag\",\"stage\":2,\"step\":0,\"evalLoss\":3.2}\n"
                + "{\"candidate\":\"midas\",\"stage\":2,\"step\":5,\"trainLoss\":NaN}\n");
    var stages = new JsonImporter().readStages(log, "x");
    assertEquals(List.of(1, 2), List.copyOf(stages.keySet()));
    assertEquals(List.of("lag"), List.copyOf(stages.get(1).keySet()));
    assertEquals(List.of("midas", "lag"), List.copyOf(stages.get(2).keySet()));
    assertEquals(3.2, stages.get(2).get("lag").valueAt(Metric.EVAL_LOSS, 0));
    assertEquals(3.0, stages.get(1).get("lag").valueAt(Metric.EVAL_LOSS, 0 + 10));
    assertTrue(stages.get(2).get("midas").diverged(), "NaN in stage 2 only");
    assertFalse(stages.get(1).get("lag").diverged());
  }

  @Test
  void badLogsAreOneClearMessage(@TempDir Path dir) throws Exception {
    assertError(dir, "a.csv", "candidate,loss\na,1\n", "no step column");
    assertError(dir, "b.csv", "step,accuracy\n1,0.5\n", "no loss column");
    assertError(dir, "c.csv", "step,loss\n1,abc\n", "line 2: loss=abc is not a number");
    assertError(dir, "d.csv", "step,loss\n1.5,2\n", "step=1.5 is not a non-negative whole number");
    assertError(dir, "e.jsonl", "", "empty file");
    assertError(dir, "f.jsonl", "{\"loss\": 1}\n{\"step\": 1}\n", "line 1: no 'step' field");
    assertError(dir, "g.jsonl", "{\"step\": 1, \"loss\": \"x\"}\n", "loss=\"x\" is not a number");
    assertError(dir, "h.txt", "hello", "unknown log format");
    Path state = Files.createDirectory(dir.resolve("hf"));
    Files.writeString(state.resolve("trainer_state.json"), "{\"global_step\": 3}");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Importers.load(state));
    assertTrue(e.getMessage().contains("no log_history"), e.getMessage());
    InvalidInputException none =
        assertThrows(InvalidInputException.class, () -> Importers.load(dir.resolve("missing")));
    assertTrue(none.getMessage().contains("no such file or folder"));
  }

  private static void assertError(Path dir, String file, String content, String expected)
      throws Exception {
    Path p = Files.writeString(dir.resolve(file), content);
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> Importers.load(p));
    assertTrue(
        e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    assertTrue(e.getMessage().contains(file), "names the file: " + e.getMessage());
  }
}
