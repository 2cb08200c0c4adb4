package dev.lag.selector.runners;

import java.util.List;

/**
 * Runs candidate tasks: in this process ({@link LocalRunner}) or across machines ({@link
 * HazelcastRunner}). The tasks of one call are independent and may run at the same time; results
 * come back in task order, so what a run records does not depend on where tasks ran.
 */
public interface CandidateRunner extends AutoCloseable {
  /** Runs every task; the i-th result is the i-th task's. */
  default List<TaskResult> runAll(List<CandidateTask> tasks) {
    return runAll(tasks, (index, result) -> {});
  }

  /**
   * Runs every task and tells {@code finished} about each result as soon as it is there (in the
   * order they finish), so that it can be kept before the others end: an interrupted run then loses
   * at most the windows that were training.
   */
  List<TaskResult> runAll(List<CandidateTask> tasks, Finished finished);

  /** Hears of each finished task. */
  @FunctionalInterface
  interface Finished {
    /** Task {@code index} of the call finished with {@code result}. */
    void accept(int index, TaskResult result);
  }

  /** One line for logs and records: the runner and its slots. */
  String describe();

  @Override
  void close();
}
