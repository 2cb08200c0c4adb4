package dev.lag.selector.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lag.analysis.trajectory.Point;
import dev.lag.trainer.config.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task cache replays what finished, and runs again what a crash tore (no engine needed). */
class TaskCacheTest {
  /** Runs nothing: answers each task with points made from its name and step, and counts. */
  private static final class Counting implements CandidateRunner {
    final List<String> ran = new ArrayList<>();

    @Override
    public List<TaskResult> runAll(List<CandidateTask> tasks, Finished finished) {
      List<TaskResult> out = new ArrayList<>();
      for (int i = 0; i < tasks.size(); i++) {
        CandidateTask t = tasks.get(i);
        ran.add(t.name());
        TaskResult r =
            new TaskResult(
                List.of(new Point(t.until(), 1, 2, t.name().length(), 0.5)), null, "here");
        finished.accept(i, r);
        out.add(r);
      }
      return out;
    }

    @Override
    public String describe() {
      return "counting";
    }

    @Override
    public void close() {}
  }

  private static final List<CandidateTask> TASKS =
      List.of(
          CandidateTask.fresh("a", RunConfig.DEFAULT, 10),
          CandidateTask.fresh("bb", RunConfig.DEFAULT, 10),
          CandidateTask.fresh("a", RunConfig.DEFAULT, 20));

  private static List<Path> kept(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void whatFinishedIsReplayedAndATornFileRunsAgain(@TempDir Path dir) throws Exception {
    Counting first = new Counting();
    List<TaskResult> made = new TaskCache(first, dir).runAll(TASKS);
    assertEquals(List.of("a", "bb", "a"), first.ran);
    assertEquals(3, kept(dir).size(), "one file per task, no temporary left");

    Counting second = new Counting();
    TaskCache again = new TaskCache(second, dir);
    List<TaskResult> replayed = again.runAll(TASKS);
    assertEquals(List.of(), second.ran);
    assertEquals(3, again.replayed());
    for (int i = 0; i < TASKS.size(); i++) {
      assertEquals(made.get(i).points(), replayed.get(i).points());
    }

    // A crash can tear a file written without fsync: the check finds it, the task runs again.
    Path torn = kept(dir).get(0);
    byte[] bytes = Files.readAllBytes(torn);
    Files.write(torn, java.util.Arrays.copyOf(bytes, bytes.length - 3));
    Counting third = new Counting();
    TaskCache afterCrash = new TaskCache(third, dir);
    List<TaskResult> mended = afterCrash.runAll(TASKS);
    assertEquals(1, third.ran.size());
    assertEquals(1, afterCrash.corrupt());
    assertEquals(2, afterCrash.replayed());
    for (int i = 0; i < TASKS.size(); i++) {
      assertEquals(made.get(i).points(), mended.get(i).points());
    }
    assertEquals(bytes.length, Files.size(torn), "written again whole");
  }
}
