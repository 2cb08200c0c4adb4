package dev.lag.selector.runners;

import dev.lag.analysis.trajectory.Point;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Which windows of one call are one computation (twins): equal {@linkplain Snapshot#trainingStart
 * training starts}, run configs, stop steps and probes, as stack-all, stack-top and stack-bottom
 * are at 2 -> 4 layers. The first of each group (its leader) is trained; the others get its result
 * under their own config, and see its steps as it trains.
 */
final class TwinWindows {
  private final List<CandidateTask> tasks;
  private final List<RunConfig> runs;
  private final List<Snapshot> starts;
  private final int[] leader;

  /** What a window's result is a function of. */
  private record Computation(Snapshot start, RunConfig run, long until, List<Integer> cooldowns) {}

  /**
   * @param tasks the windows
   * @param runs each window's run config, on the device it would train on
   * @param starts each window's start (null: a fresh model)
   */
  TwinWindows(List<CandidateTask> tasks, List<RunConfig> runs, List<Snapshot> starts) {
    this.tasks = List.copyOf(tasks);
    this.runs = List.copyOf(runs);
    this.starts = new ArrayList<>(starts); // a fresh window's start is null
    this.leader = new int[tasks.size()];
    // Hashing a start is one pass over its model; full comparisons run only where hashes agree.
    Map<Computation, Integer> first = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      Snapshot start = starts.get(i);
      Computation c =
          new Computation(
              start == null ? null : start.trainingStart(),
              runs.get(i),
              tasks.get(i).until(),
              tasks.get(i).cooldowns());
      Integer earlier = first.putIfAbsent(c, i);
      leader[i] = earlier == null ? i : earlier;
    }
  }

  /** Window {@code i}'s run config, on the device it trains on. */
  RunConfig run(int i) {
    return runs.get(i);
  }

  /** Where window {@code i} starts (grown or continued; null: a fresh model). */
  Snapshot start(int i) {
    return starts.get(i);
  }

  /** Whether window {@code i} is trained (it is the first of its computation). */
  boolean leads(int i) {
    return leader[i] == i;
  }

  /** How many windows are not trained: each repeats an earlier one. */
  int twins() {
    int n = 0;
    for (int i = 0; i < leader.length; i++) {
      n += leads(i) ? 0 : 1;
    }
    return n;
  }

  /** What shows leader {@code i}'s steps to {@code live} as its own and as each twin's. */
  Consumer<Point> shown(int i, BiConsumer<CandidateTask, Point> live) {
    List<CandidateTask> same = new ArrayList<>();
    for (int j = 0; j < leader.length; j++) {
      if (leader[j] == i) {
        same.add(tasks.get(j));
      }
    }
    return p -> same.forEach(t -> live.accept(t, p));
  }

  /**
   * Puts leader {@code i}'s result, and each twin's copy of it, in {@code out} and tells {@code
   * finished} of each.
   *
   * @return how many windows that finished (the leader and its twins)
   */
  int finish(int i, TaskResult result, TaskResult[] out, CandidateRunner.Finished finished) {
    int n = 0;
    for (int j = 0; j < leader.length; j++) {
      if (leader[j] == i) {
        out[j] = j == i ? result : result.asTwin(starts.get(j));
        finished.accept(j, out[j]);
        n++;
      }
    }
    return n;
  }
}
