package dev.lag.selector.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.Candidate;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Windows that are one computation are trained once: at 2 -> 4 layers stack-top and stack-bottom
 * grow the same four layers ([0, 1, 0, 1]), so the second's window is the first's result, shown to
 * progress as it trains, and equal to the window stack-bottom trains on its own.
 */
@Tag("djl")
class TwinTasksTest {
  static List<TaskResult> run(
      Snapshot source, boolean batched, List<String> operators, List<String> shown) {
    RunConfig stage =
        LocalRunnerBatchTest.SOURCE
            .with("layers", 4)
            .with("steps", 40)
            .with("batchCandidates", batched);
    List<CandidateTask> tasks = new ArrayList<>();
    for (String op : operators) {
      tasks.add(CandidateTask.grow(Candidate.of(op), stage, source, 20).withCooldowns(List.of(5)));
    }
    StepProgress progress = (task, point) -> shown.add(task.name() + "@" + point.step());
    try (LocalRunner runner = new LocalRunner("cpu", progress)) {
      return runner.runAll(tasks);
    }
  }

  @Test
  void twinsAreTrainedOnceAndEqualTheirOwnRun() {
    Snapshot source = LocalRunnerBatchTest.source();
    for (boolean batched : List.of(false, true)) {
      List<String> shown = new ArrayList<>();
      List<TaskResult> results =
          run(source, batched, List.of("stack-top", "interleave", "stack-bottom"), shown);
      TaskResult top = results.get(0);
      TaskResult bottom = results.get(2);
      // One training: the twin's paused state is the leader's tensors, under its own config.
      assertSame(top.paused().parameters(), bottom.paused().parameters(), "batched " + batched);
      assertNotSame(top.paused().parameters(), results.get(1).paused().parameters());
      assertEquals(top.points(), bottom.points());
      assertTrue(
          bottom.points().stream().anyMatch(p -> p.probes() != null && !p.probes().isEmpty()),
          "its probe");
      // Progress shows the twin's steps too, each as the leader's is trained.
      long bottomSteps = shown.stream().filter(s -> s.startsWith("stack-bottom@")).count();
      assertEquals(bottom.points().size(), bottomSteps, "batched " + batched);
      assertEquals(shown.indexOf("stack-top@0") + 1, shown.indexOf("stack-bottom@0"));
      if (!batched) {
        // Trained on its own, stack-bottom gives the same points to the last bit.
        List<Point> alone =
            run(source, false, List.of("stack-bottom"), new ArrayList<>()).get(0).points();
        assertEquals(alone, bottom.points());
      }
    }
  }
}
