package dev.lag.selector.run;

import java.util.List;

/**
 * Runs candidate tasks: in this process ({@link LocalRunner}) or across machines ({@link
 * HazelcastRunner}). The tasks of one call are independent and may run at the same time; results
 * come back in task order, so what a run records does not depend on where tasks ran.
 */
public interface CandidateRunner extends AutoCloseable {
  /** Runs every task; the i-th result is the i-th task's. */
  List<TaskResult> runAll(List<CandidateTask> tasks);

  /** One line for logs and records: the runner and its slots. */
  String describe();

  @Override
  void close();
}
