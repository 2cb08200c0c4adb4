package dev.lag.selector.runners;

import dev.lag.analysis.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a runner so that every finished task is kept on disk under its {@link CandidateTask#key}:
 * an interrupted run started again with {@code --resume} replays what finished and runs only the
 * rest. A file is written whole (temporary name, fsync, rename) and carries the SHA-256 of its
 * content; one that fails the check is reported and run again, never used.
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

  @Override
  public List<TaskResult> runAll(List<CandidateTask> tasks, Finished finished) {
    TaskResult[] out = new TaskResult[tasks.size()];
    List<CandidateTask> missing = new ArrayList<>();
    List<Integer> where = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      TaskResult cached = read(tasks.get(i).key());
      if (cached != null) {
        out[i] = cached;
        replayed++;
        finished.accept(i, cached);
      } else {
        missing.add(tasks.get(i));
        where.add(i);
      }
    }
    if (!missing.isEmpty()) {
      // Each window is kept as soon as it is done, not when the whole batch is.
      List<TaskResult> fresh =
          inner.runAll(
              missing,
              (j, result) -> {
                write(missing.get(j), result);
                finished.accept(where.get(j), result);
              });
      for (int j = 0; j < fresh.size(); j++) {
        out[where.get(j)] = fresh.get(j);
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
      byte[] all = Files.readAllBytes(file);
      if (all.length < 32 || !Arrays.equals(sha256(all, 32), Arrays.copyOf(all, 32))) {
        corrupt++;
        LOG.warn("{}: fails its SHA-256 check; running the task again", file);
        return null;
      }
      return TaskResult.fromBytes(all, 32);
    } catch (IOException e) {
      corrupt++;
      LOG.warn("{}: unreadable ({}); running the task again", file, e.getMessage());
      return null;
    }
  }

  private void write(CandidateTask task, TaskResult result) {
    try {
      byte[] content = result.toBytes();
      ByteBuffer all = ByteBuffer.allocate(32 + content.length);
      all.put(new byte[32]).put(content);
      byte[] bytes = all.array();
      System.arraycopy(sha256(bytes, 32), 0, bytes, 0, 32);
      AtomicFiles.write(dir.resolve(task.key() + ".task"), o -> o.write(bytes));
      // A line per finished window: what an interrupted run will not have to train again.
      LOG.info("kept {} to step {}", task.name(), task.until());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] sha256(byte[] bytes, int from) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(bytes, from, bytes.length - from);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
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
