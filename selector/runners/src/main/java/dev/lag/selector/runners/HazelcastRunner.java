package dev.lag.selector.runners;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.train.RunInterruptedException;
import dev.lag.trainer.train.StopRequest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs candidate tasks on workers ({@code lag worker}) of a Hazelcast cluster: this process joins
 * as a lite member (it holds no data and runs no tasks), gives each worker one task at a time, and
 * sends a task whose worker left (killed, say) to another, up to {@code retries} times. Results
 * come back in task order, so a run records the same whatever ran where.
 */
public final class HazelcastRunner implements CandidateRunner {
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastRunner.class);
  private static final long NO_WORKER_TIMEOUT_MS = 60_000;

  private final HazelcastInstance instance;
  private final IExecutorService executor;
  private final int retries;
  private int retried;

  private HazelcastRunner(HazelcastInstance instance, int retries) {
    this.instance = instance;
    this.executor = instance.getExecutorService(ClusterConfig.EXECUTOR);
    this.retries = retries;
  }

  /**
   * Joins the cluster of the given workers.
   *
   * @param cluster the cluster name the workers were started with
   * @param secret the shared secret they were started with
   * @param members the workers' {@code host:port}
   */
  public static HazelcastRunner connect(String cluster, String secret, List<String> members) {
    String bind = members.stream().allMatch(m -> m.startsWith("127.")) ? "127.0.0.1" : "0.0.0.0";
    String own = System.getenv().getOrDefault("LAG_BIND", bind);
    ClusterConfig.checkBind(own, "LAG_BIND");
    members.forEach(HazelcastRunner::checkMember);
    HazelcastInstance hz =
        Hazelcast.newHazelcastInstance(ClusterConfig.of(cluster, secret, own, 5801, members, true));
    HazelcastRunner runner = new HazelcastRunner(hz, 3);
    if (runner.workers().isEmpty()) {
      hz.shutdown();
      throw InvalidInputException.field(
          "--members",
          String.join(",", members),
          "no worker joined (started with lag worker, the same --cluster and secret?)");
    }
    return runner;
  }

  /**
   * Checks a member's {@code HOST:PORT} (a name or IPv4 address, or an IPv6 address in brackets,
   * and a port 1..65535) without resolving it.
   *
   * @throws InvalidInputException naming {@code --members} and the bad entry
   */
  public static void checkMember(String member) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9][A-Za-z0-9.-]*):(\\d{1,5})")
            .matcher(member == null ? "" : member.trim());
    if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
      throw InvalidInputException.field(
          "--members", member, "expected HOST:PORT, e.g. 127.0.0.1:5701 (port 1..65535)");
    }
  }

  /** Tasks sent again after their worker left. */
  public int retried() {
    return retried;
  }

  @Override
  public List<TaskResult> runAll(List<CandidateTask> tasks, Finished finished) {
    TaskResult[] results = new TaskResult[tasks.size()];
    int[] attempts = new int[tasks.size()];
    // Twins (one computation: stack-top and stack-bottom at a doubling) are sent once.
    TwinWindows twins = TaskExecution.windows(tasks, null);
    Deque<Integer> pending = new ArrayDeque<>();
    for (int i = 0; i < tasks.size(); i++) {
      if (twins.leads(i)) {
        pending.add(i);
      }
    }
    Map<Member, Integer> busy = new HashMap<>();
    Map<Member, Future<byte[]>> running = new HashMap<>();
    long idleSince = System.currentTimeMillis();
    int done = 0;
    while (done < tasks.size()) {
      if (StopRequest.raised()) {
        throw new RunInterruptedException(
            "interrupted ("
                + StopRequest.reason()
                + ") with "
                + (tasks.size() - done)
                + " windows"
                + " unfinished on the workers");
      }
      // One task per worker at a time: the load spreads, and a lost worker loses one task.
      for (Member m : workers()) {
        if (!busy.containsKey(m) && !pending.isEmpty()) {
          int i = pending.poll();
          attempts[i]++;
          busy.put(m, i);
          running.put(m, executor.submitToMember(new RemoteTask(tasks.get(i)), m));
        }
      }
      if (running.isEmpty()) {
        if (System.currentTimeMillis() - idleSince > NO_WORKER_TIMEOUT_MS) {
          throw new IllegalStateException(
              "no worker left in the cluster to run the remaining tasks");
        }
        sleep(100);
        continue;
      }
      idleSince = System.currentTimeMillis();
      boolean progressed = false;
      for (Member m : new ArrayList<>(running.keySet())) {
        Future<byte[]> f = running.get(m);
        if (!f.isDone()) {
          continue;
        }
        progressed = true;
        int i = busy.remove(m);
        running.remove(m);
        try {
          done += twins.finish(i, TaskResult.fromBytes(f.get(), 0), results, finished);
        } catch (java.io.IOException e) {
          throw new IllegalStateException(tasks.get(i).name() + ": unreadable result from " + m, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
          requeueIfLost(tasks.get(i), m, e, attempts[i]);
          pending.addFirst(i);
        }
      }
      if (!progressed) {
        sleep(20);
      }
    }
    return List.of(results);
  }

  /**
   * A task whose worker was lost goes back to the queue (up to {@code retries} times); any other
   * failure ends the run with the task's own error.
   */
  private void requeueIfLost(CandidateTask task, Member m, ExecutionException e, int attempts) {
    // A killed worker fails its future with a member-left or disconnect error, or (seen with
    // SIGKILL) with no cause at all once the member is gone from the cluster.
    boolean lost = workerLost(e.getCause()) || e.getCause() == null || gone(m);
    if (!lost) {
      if (e.getCause() instanceof InvalidInputException bad) {
        throw bad;
      }
      throw new IllegalStateException(
          task.name() + " failed on " + m + ": " + e.getCause(), e.getCause());
    }
    if (attempts > retries) {
      throw new IllegalStateException(
          task.name() + ": lost its worker " + attempts + " times; giving up");
    }
    retried++;
    LOG.warn("{}: worker {} left; sending the task to another", task.name(), m);
  }

  private List<Member> workers() {
    List<Member> out = new ArrayList<>();
    for (Member m : instance.getCluster().getMembers()) {
      if (!m.isLiteMember()) {
        out.add(m);
      }
    }
    return out;
  }

  private boolean gone(Member m) {
    return !instance.getCluster().getMembers().contains(m);
  }

  private static boolean workerLost(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof MemberLeftException
          || c instanceof TargetNotMemberException
          || c instanceof com.hazelcast.spi.exception.TargetDisconnectedException
          || c instanceof HazelcastInstanceNotActiveException) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public String describe() {
    return "hazelcast cluster "
        + instance.getConfig().getClusterName()
        + ", "
        + workers().size()
        + " worker(s)";
  }

  @Override
  public void close() {
    instance.shutdown();
  }
}
