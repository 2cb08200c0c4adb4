package dev.lag.selector.runners;

import dev.lag.analysis.io.Checksummed;
import dev.lag.trainer.checkpoint.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a runner so that every finished task is kept on disk under its key (a SHA-256 of everything
 * its result depends on): an interrupted run started again with {@code --resume} replays what
 * finished and runs only the rest. A file is written whole (temporary name, rename) and carries a
 * checksum of its content ({@link Checksummed}); one that fails the check (a crash can leave it
 * torn, as it is not fsynced) is reported and run again, never used.
 */
public final class TaskCache implements CandidateRunner {
  private static final Logger LOG = LoggerFactory.getLogger(TaskCache.class);

  /** The run directory's folder of finished windows. */
  public static final String DIRECTORY = "tasks";

  private final CandidateRunner inner;
  private final Path dir;
  private int replayed;
  private int corrupt;

  /**
   * @param inner the runner that runs what is not cached
   * @param dir where results are kept (created)
   */
  public TaskCache(CandidateRunner inner, Path dir) throws IOException {
    this.inner = inner;
    this.dir = Files.createDirectories(dir);
  }

  /** A task the cache does not hold: where it is in the call, and its key. */
  private record Missing(int index, CandidateTask task, String key) {}

  @Override
  public List<TaskResult> runAll(List<CandidateTask> tasks, Finished finished) {
    TaskResult[] out = new TaskResult[tasks.size()];
    List<Missing> missing = new ArrayList<>();
    // Each key is computed once, and a start shared by several tasks (the source every candidate
    // grows from) is hashed once: hashing whole models is most of the cache's cost.
    Map<Snapshot, byte[]> startDigests = new IdentityHashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      String key = TaskBytes.key(tasks.get(i), startDigests);
      TaskResult cached = read(key);
      if (cached != null) {
        out[i] = cached;
        replayed++;
        finished.accept(i, cached);
      } else {
        missing.add(new Missing(i, tasks.get(i), key));
      }
    }
    if (!missing.isEmpty()) {
      // Each window is kept as soon as it is done, not when the whole batch is.
      List<TaskResult> fresh =
          inner.runAll(
              missing.stream().map(Missing::task).toList(),
              (j, result) -> {
                write(missing.get(j).task(), missing.get(j).key(), result);
                finished.accept(missing.get(j).index(), result);
              });
      for (int j = 0; j < fresh.size(); j++) {
        out[missing.get(j).index()] = fresh.get(j);
      }
    }
    return Arrays.asList(out);
  }

  /** Tasks taken from the cache so far. */
  public int replayed() {
    return replayed;
  }

  /** Cached results that failed their checksum and were run again. */
  public int corrupt() {
    return corrupt;
  }

  private TaskResult read(String key) {
    Path file = dir.resolve(key + ".task");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      byte[] all = Checksummed.read(file);
      if (all == null) {
        corrupt++;
        LOG.warn("{}: fails its checksum; running the task again", file);
        return null;
      }
      return TaskResult.fromBytes(all, Checksummed.CONTENT);
    } catch (IOException e) {
      corrupt++;
      LOG.warn("{}: unreadable ({}); running the task again", file, e.getMessage());
      return null;
    }
  }

  private void write(CandidateTask task, String key, TaskResult result) {
    try {
      // No fsync: the file carries its checksum, and one a crash left torn is trained again.
      Checksummed.write(dir.resolve(key + ".task"), result.toBytes());
      // A line per finished window: what an interrupted run will not have to train again.
      LOG.info("kept {} to step {}", task.name(), task.until());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String describe() {
    return inner.describe() + ", results kept in " + dir;
  }

  @Override
  public void close() {
    inner.close();
  }
}
