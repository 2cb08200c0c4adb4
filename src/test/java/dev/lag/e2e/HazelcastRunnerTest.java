package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.selector.runners.CandidateTask;
import dev.lag.selector.runners.HazelcastRunner;
import dev.lag.selector.runners.LocalRunner;
import dev.lag.selector.runners.TaskResult;
import dev.lag.trainer.checkpoint.SnapshotBytes;
import dev.lag.trainer.config.RunConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three workers in their own JVMs on 127.0.0.1: a batch of 21 candidates comes back whole and equal
 * to the local runner's, and a worker killed with SIGKILL mid-task costs a retry, not a result.
 */
@Tag("djl")
@Tag("cluster")
class HazelcastRunnerTest {
  static final String SECRET = "test-secret-0123456789";
  static final int BASE_PORT = 5931;

  final List<Child> workers = new ArrayList<>();

  @AfterEach
  void stopWorkers() {
    workers.forEach(Child::close);
  }

  List<String> startWorkers(int n) throws Exception {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      members.add("127.0.0.1:" + (BASE_PORT + i));
    }
    for (int i = 0; i < n; i++) {
      workers.add(
          Child.start(
              List.of(
                  "worker",
                  "--port",
                  "" + (BASE_PORT + i),
                  "--members",
                  String.join(",", members),
                  "--cluster",
                  "lag-test"),
              "LAG_CLUSTER_SECRET",
              SECRET));
    }
    // Each prints its line once it is a member.
    for (Child worker : workers) {
      worker.await(line -> line.startsWith("lag worker:"));
    }
    return members;
  }

  /** {@code n} independent from-scratch runs with their own seeds: 30 steps each. */
  static List<CandidateTask> tasks(int n, long steps) {
    List<CandidateTask> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RunConfig run =
          RunConfig.DEFAULT.withAssignments(
              List.of(
                  ("layers=1 dModel=32 heads=2 seqLen=16 batch=4 warmup=2 lr=1e-2 evalInterval=10"
                          + " evalBatches=1 embeddedBytes=100000 steps="
                          + steps
                          + " seed="
                          + (100 + i))
                      .split(" ")));
      out.add(CandidateTask.fresh("c" + i, run, steps));
    }
    return out;
  }

  @Test
  void aBatchOverThreeWorkersEqualsTheLocalRunner() throws Exception {
    List<String> members = startWorkers(3);
    List<CandidateTask> tasks = new ArrayList<>(tasks(21, 20));
    // c0 again under another name: one computation, sent once, its result the twin's too.
    CandidateTask c0 = tasks.get(0);
    tasks.add(CandidateTask.fresh("c0-again", c0.run(), c0.until()));
    List<TaskResult> remote;
    try (HazelcastRunner runner = HazelcastRunner.connect("lag-test", SECRET, members)) {
      remote = runner.runAll(tasks);
    }
    List<TaskResult> local;
    try (LocalRunner runner = new LocalRunner("cpu")) {
      local = runner.runAll(tasks);
    }
    assertEquals(22, remote.size());
    assertSame(remote.get(0).paused().parameters(), remote.get(21).paused().parameters());
    Set<String> workersUsed = new HashSet<>();
    for (int i = 0; i < tasks.size(); i++) {
      assertEquals(21, remote.get(i).points().size(), "every step of c" + i);
      assertEquals(local.get(i).points(), remote.get(i).points(), "c" + i + ", every step");
      assertArrayEquals(state(local.get(i)), state(remote.get(i)), "c" + i + " state");
      workersUsed.add(remote.get(i).worker());
    }
    assertEquals(3, workersUsed.size(), "the work spread over all three: " + workersUsed);
  }

  @Test
  void aWorkerKilledMidTaskCostsARetryNotAResult() throws Exception {
    List<String> members = startWorkers(3);
    List<CandidateTask> tasks = tasks(6, 300);
    List<TaskResult> remote;
    int retried;
    try (HazelcastRunner runner = HazelcastRunner.connect("lag-test", SECRET, members)) {
      Child victim = workers.get(1);
      // Killed as soon as it has started a task (it logs each one), whatever the clock says.
      Thread killer =
          new Thread(
              () -> {
                try {
                  victim.await(line -> line.contains("running c"));
                  victim.kill();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      killer.start();
      remote = runner.runAll(tasks);
      killer.join();
      retried = runner.retried();
    }
    assertTrue(!workers.get(1).isAlive(), "the worker was killed");
    assertTrue(retried >= 1, "the lost task was sent to another worker");
    List<TaskResult> local;
    try (LocalRunner runner = new LocalRunner("cpu")) {
      local = runner.runAll(tasks);
    }
    for (int i = 0; i < tasks.size(); i++) {
      assertEquals(301, remote.get(i).points().size());
      assertArrayEquals(state(local.get(i)), state(remote.get(i)), "c" + i + " final state");
    }
  }

  @Test
  void aWorkerListensOnlyWhereItWasToldTo() throws Exception {
    startWorkers(1);
    // /proc/net/tcp and tcp6 list sockets as hex ADDRESS:PORT with their state (0A: listening).
    String port = String.format("%04X", BASE_PORT);
    List<String> listening = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(":" + port)) {
          listening.add(f[1].substring(0, f[1].indexOf(':')));
        }
      }
    }
    assertEquals(1, listening.size(), "one listening socket: " + listening);
    assertTrue(
        listening.get(0).endsWith("0100007F"), "on 127.0.0.1, not every interface: " + listening);
  }

  /** A result's paused state as bytes: equal bytes, equal tensors, moments and counters. */
  static byte[] state(TaskResult r) {
    return SnapshotBytes.encode(r.paused());
  }
}
