package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.io.RunDirectory;
import dev.lag.analysis.io.RunFiles;
import dev.lag.analysis.io.RunStatus;
import dev.lag.selector.runners.CandidateRunner;
import dev.lag.selector.runners.TaskCache;
import dev.lag.trainer.train.RunInterruptedException;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * One run of select, study or stack in its directory, from start to finish: {@code run.json} says
 * {@code running} from the start; the job trains through a runner with every step recorded in
 * {@code metrics.jsonl}; a resumed run keeps only its finished windows (and replays them, rewriting
 * every record); a signal leaves {@code interrupted} with how to continue; and once the result file
 * is written atomically the run is {@code completed}.
 */
final class RecordedRun {
  /** The work of a run: trains through the runner, records every step. */
  @FunctionalInterface
  interface Job<T> {
    T run(CandidateRunner runner, MetricsWriter metrics) throws Exception;
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RunDirectory dir;
  private final ObjectNode record;
  private final PrintWriter printer;

  /**
   * @param dir the checked run directory
   * @param record the run record: config, provenance and what the kind adds
   * @param printer where people read progress
   */
  RecordedRun(RunDirectory dir, ObjectNode record, PrintWriter printer) {
    this.dir = dir;
    this.record = record;
    this.printer = printer;
  }

  /** Starts the record, runs the job on a runner of {@code device}, and records an interruption. */
  <T> T train(RunnerOptions runners, String device, Job<T> job) throws Exception {
    dir.start(record, TaskCache.DIRECTORY);
    try (CandidateRunner runner = runners.open(dir.path(), device, printer);
        MetricsWriter metrics =
            new MetricsWriter(dir.path().resolve(RunFiles.METRICS), new ObjectMapper())) {
      T result = job.run(runner, metrics);
      if (runner instanceof TaskCache cache && cache.replayed() > 0) {
        printer.printf(
            "resumed: %d finished windows replayed%s%n",
            cache.replayed(),
            cache.corrupt() > 0
                ? " (" + cache.corrupt() + " failed their checksum and ran again)"
                : "");
      }
      return result;
    } catch (RunInterruptedException e) {
      ObjectNode interrupted = record.deepCopy();
      interrupted.put(
          "message", e.getMessage() + "; finished windows are kept, continue with --resume");
      dir.finish(interrupted, RunStatus.INTERRUPTED);
      throw e;
    }
  }

  /** Writes the run's result file atomically, then marks the run completed. */
  void complete(String file, JsonNode result) throws IOException {
    AtomicFiles.writeString(dir.path().resolve(file), JSON.writeValueAsString(result));
    dir.finish(record, RunStatus.COMPLETED);
  }

  /** Tells people where the records are. */
  void printRecords(String file) {
    printer.println(
        "records: " + dir.path().resolve(file) + ", " + dir.path().resolve(RunFiles.METRICS));
  }
}
