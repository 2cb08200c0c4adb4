package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.io.RunDirectory;
import dev.lag.analysis.io.RunStatus;
import dev.lag.selector.run.TaskCache;
import dev.lag.trainer.train.RunInterruptedException;
import java.util.concurrent.Callable;

/**
 * How select, study and stack run in their directory: a resumed run keeps only its finished windows
 * (and replays them, rewriting every record), {@code run.json} says {@code running} from the start,
 * {@code interrupted} (with how to continue) when a signal stopped the training, and the command
 * marks it {@code completed} once its results are written.
 */
final class RunSteps {
  private RunSteps() {}

  /** Starts the run record, runs {@code job}, and records an interruption if one stops it. */
  static <T> T run(RunDirectory dir, ObjectNode record, Callable<T> job) throws Exception {
    dir.start(record, TaskCache.DIRECTORY);
    try {
      return job.call();
    } catch (RunInterruptedException e) {
      ObjectNode interrupted = record.deepCopy();
      interrupted.put(
          "message", e.getMessage() + "; finished windows are kept, continue with --resume");
      dir.finish(interrupted, RunStatus.INTERRUPTED);
      throw e;
    }
  }
}
