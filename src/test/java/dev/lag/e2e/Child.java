package dev.lag.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A lag JVM whose output a background thread reads line by line, so that a test can wait for a line
 * (a worker has joined, a task has started) instead of for a length of time.
 */
final class Child implements AutoCloseable {
  /**
   * How long a test waits for a line before it fails: a guard against a hung child, never what
   * triggers anything. A line that comes sooner ends the wait at once.
   */
  private static final long GUARD_MINUTES = 5;

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final List<Awaited> awaited = new ArrayList<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private record Awaited(Predicate<String> match, CompletableFuture<String> line) {}

  private Child(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "child-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code lag ARGS} with extra environment variables ({@code NAME, VALUE, ...}). */
  static Child start(List<String> args, String... env) throws IOException {
    return new Child(Jvm.piped(args, env));
  }

  /** Starts {@code lag ARGS} with extra JVM options. */
  static Child startWith(List<String> jvmOptions, List<String> args) throws IOException {
    return new Child(Jvm.piped(jvmOptions, args));
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (this) {
          lines.add(line);
          for (Awaited a : awaited) {
            if (!a.line().isDone() && a.match().test(line)) {
              a.line().complete(line);
            }
          }
        }
      }
    } catch (IOException e) {
      // The process was killed while we read: what it wrote before is kept.
    }
    synchronized (this) {
      awaited.forEach(a -> a.line().completeExceptionally(new IllegalStateException("ended")));
    }
    ended.complete(null);
  }

  /** Waits until the child writes a line matching {@code match} (or one it already wrote). */
  String await(Predicate<String> match) throws InterruptedException {
    CompletableFuture<String> line = new CompletableFuture<>();
    synchronized (this) {
      lines.stream().filter(match).findFirst().ifPresent(line::complete);
      if (!line.isDone()) {
        if (ended.isDone()) {
          throw new AssertionError("the child ended without that line:\n" + output());
        }
        awaited.add(new Awaited(match, line));
      }
    }
    try {
      return line.get(GUARD_MINUTES, TimeUnit.MINUTES);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("no such line from the child:\n" + output(), e);
    }
  }

  /** Everything written so far. */
  synchronized String output() {
    return String.join("\n", lines);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, and wait until it is gone. */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() {
    process.toHandle().destroyForcibly();
  }
}
