package dev.lag.selector.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.Candidate;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The local runner on one device trains the windows of a growth point as one batch: its progress
 * shows every candidate's step 1 before any candidate's step 2 (one after another, a candidate's
 * steps all come first), and the results equal the sequential ones to float rounding.
 */
@Tag("djl")
class LocalRunnerBatchTest {
  static final RunConfig SOURCE =
      RunConfig.DEFAULT.withAssignments(
          List.of(
              ("layers=2 dModel=32 heads=2 seqLen=32 batch=4 steps=20 warmup=3 lr=1e-2"
                      + " evalInterval=10 evalBatches=2 embeddedBytes=100000")
                  .split(" ")));

  static Snapshot source() {
    TextData data = TextData.load(SOURCE.data(), 32, SOURCE.train().seed());
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fresh(SOURCE.model(), SOURCE.train(), root)) {
      new TrainingLoop(SOURCE.train(), new BatchSampler(data.split().train(), 32, 4, 1), List.of())
          .run(state, r -> {});
      return state.toSnapshot(SOURCE);
    }
  }

  /** Grows the source with three operators and trains each window to step 20. */
  static List<TaskResult> run(Snapshot source, boolean batched, List<String> order) {
    return run(source, batched, List.of("stack-top", "interleave", "zero-new"), order);
  }

  static List<TaskResult> run(
      Snapshot source, boolean batched, List<String> operators, List<String> order) {
    RunConfig stage = SOURCE.with("layers", 4).with("steps", 40).with("batchCandidates", batched);
    List<CandidateTask> tasks = new ArrayList<>();
    for (String op : operators) {
      tasks.add(CandidateTask.grow(Candidate.of(op), stage, source, 20));
    }
    StepProgress progress = (task, point) -> order.add(task.name() + "@" + point.step());
    try (LocalRunner runner = new LocalRunner("cpu", progress)) {
      return runner.runAll(tasks);
    }
  }

  @Test
  void aGrowthPointsWindowsTrainAsOneBatch() {
    Snapshot source = source();
    List<String> batchedOrder = new ArrayList<>();
    List<TaskResult> batched = run(source, true, batchedOrder);
    List<String> sequentialOrder = new ArrayList<>();
    List<TaskResult> sequential = run(source, false, sequentialOrder);
    assertEquals(List.of("stack-top@0", "interleave@0", "zero-new@0"), batchedOrder.subList(0, 3));
    assertEquals(List.of("stack-top@0", "stack-top@1"), sequentialOrder.subList(0, 2));
    assertEquals(batchedOrder.size(), sequentialOrder.size());
    for (int i = 0; i < 3; i++) {
      List<Point> a = batched.get(i).points();
      List<Point> b = sequential.get(i).points();
      assertEquals(b.size(), a.size());
      for (int j = 0; j < a.size(); j++) {
        double x = Double.isNaN(a.get(j).trainLoss()) ? a.get(j).evalLoss() : a.get(j).trainLoss();
        double y = Double.isNaN(b.get(j).trainLoss()) ? b.get(j).evalLoss() : b.get(j).trainLoss();
        assertEquals(y, x, 1e-4, "task " + i + ", point " + j);
      }
      assertEquals(20, batched.get(i).paused().counters().step());
    }
  }

  @Test
  void aWindowLeftAloneOnAResumeEndsAsInItsBatch() {
    // A resume trains only the windows that were not kept: here the last of a batch of three.
    Snapshot source = source();
    List<TaskResult> all = run(source, true, new ArrayList<>());
    List<TaskResult> last = run(source, true, List.of("zero-new"), new ArrayList<>());
    assertEquals(all.get(2).points(), last.get(0).points());
    assertEquals(all.get(2).paused().parameters(), last.get(0).paused().parameters());
  }
}
