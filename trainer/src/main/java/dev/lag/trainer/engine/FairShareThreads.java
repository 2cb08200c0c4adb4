package dev.lag.trainer.engine;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lag trainings that share a machine share its cores: each gets {@code cores / trainings} of the
 * engine's intra-op threads (at least one), so N concurrent runs do not oversubscribe the cores.
 *
 * <p>Why: PyTorch's CPU kernels run on libgomp, whose idle threads spin for the cores they hold.
 * Two processes with a thread per core each take the cores the other's threads wait for, and two
 * runs side by side took 5.4 times one run on 2 cores (BENCHMARKS.md, "Processes that share a
 * machine"). Sleeping threads ({@code OMP_WAIT_POLICY=PASSIVE}) fix that but slow a run alone by
 * half; fewer threads per process fix it without touching a run alone.
 *
 * <p>How: every training process keeps a heartbeat file named by its pid in a folder of the
 * machine's temporary directory, touched every {@value #EVERY} steps. At each heartbeat it counts
 * the files of live processes touched within {@link #FRESH} (a process that stopped training, or
 * was killed, stops counting once its file goes stale) and sets its own thread count on the
 * training thread (OpenMP's thread count belongs to the thread that sets it; a CPU process trains
 * on one thread, and a process with several GPU slots has little CPU work to share). A user who
 * sets {@code OMP_NUM_THREADS} or DJL's {@code ai.djl.pytorch.num_threads} has chosen: lag then
 * leaves the count alone, as it does with {@code LAG_FAIR_SHARE=off}.
 *
 * <p>The thread count is part of the arithmetic: PyTorch's CPU kernels reduce in another order with
 * another count, so a run that shared the cores with another training can differ from one that did
 * not in the last bits. Runs that must match bit for bit (the tests compare resumed runs, paused
 * candidates and cluster workers with the runs they continue) fix the count.
 */
public final class FairShareThreads {
  private static final Logger LOG = LoggerFactory.getLogger(FairShareThreads.class);

  /** Steps between heartbeats: a listing of a small folder, far below a step's cost. */
  static final int EVERY = 16;

  /** A heartbeat older than this is a process that no longer trains. */
  static final Duration FRESH = Duration.ofSeconds(30);

  private static final FairShareThreads PROCESS =
      new FairShareThreads(
          Path.of(System.getProperty("java.io.tmpdir"), "lag-trainings-" + user()),
          ProcessHandle.current().pid(),
          System.getenv("OMP_NUM_THREADS") == null
              && System.getProperty("ai.djl.pytorch.num_threads") == null
              && !"off".equals(System.getenv("LAG_FAIR_SHARE")));

  private final Path folder;
  private final long pid;
  private final boolean enabled;
  private int steps;
  private int cores; // the engine's thread count before lag changed it; 0 until the first beat
  private int current;

  FairShareThreads(Path folder, long pid, boolean enabled) {
    this.folder = folder;
    this.pid = pid;
    this.enabled = enabled;
  }

  /**
   * Called by a training loop at every step boundary, on its training thread. Where sharing is off
   * (the tests, a user's own thread count) it returns at once, without taking the lock.
   */
  public static void onStep() {
    if (PROCESS.enabled) {
      PROCESS.step();
    }
  }

  /** The intra-op threads of one of {@code trainings} concurrent trainings on {@code cores}. */
  static int share(int cores, int trainings) {
    return Math.max(1, cores / Math.max(1, trainings));
  }

  synchronized void step() {
    boolean due = steps == 0;
    steps = (steps + 1) % EVERY;
    if (!due) {
      return;
    }
    try {
      if (cores == 0) {
        cores = JniUtils.getNumThreads();
        current = cores;
      }
      int wanted = share(cores, beat(Instant.now()));
      if (wanted != current) {
        JniUtils.setNumThreads(wanted);
        LOG.debug("{} concurrent lag trainings: {} of {} threads", cores / wanted, wanted, cores);
        current = wanted;
      }
    } catch (UncheckedIOException e) {
      // Sharing is a courtesy: a temporary folder lag cannot write leaves the count as it is.
      LOG.debug("cannot share threads through {}: {}", folder, e.getMessage());
    }
  }

  /**
   * Touches this process's heartbeat and counts the live, fresh ones (this one included); removes
   * the files of processes that have ended.
   */
  int beat(Instant now) {
    try {
      Files.createDirectories(folder);
      Path mine = folder.resolve(Long.toString(pid));
      if (!Files.exists(mine)) {
        Files.createFile(mine);
      }
      Files.setLastModifiedTime(mine, FileTime.from(now));
      int live = 0;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
        for (Path f : files) {
          live += counts(f, now) ? 1 : 0;
        }
      }
      return Math.max(1, live);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a heartbeat file is a live training's; a dead process's file is removed. */
  private static boolean counts(Path f, Instant now) {
    long other = pidOf(f);
    if (other < 0) {
      return false;
    }
    try {
      if (!ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
        Files.deleteIfExists(f);
        return false;
      }
      FileTime touched = Files.getLastModifiedTime(f);
      return Duration.between(touched.toInstant(), now).compareTo(FRESH) <= 0;
    } catch (IOException e) {
      return false; // removed by its owner or another process meanwhile
    }
  }

  private static long pidOf(Path f) {
    try {
      return Long.parseLong(f.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String user() {
    return System.getProperty("user.name", "lag").replaceAll("[^A-Za-z0-9_.-]", "_");
  }
}
