package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Runs {@code lag} in its own JVM and interrupts it once its progress reaches a mark. Progress is
 * read, never timed: the test reads the child's output line by line (a blocking read, no clock) and
 * after every line asks whether the mark is reached (task files written, a line logged). A run that
 * ends before its mark fails the test with its output: the mark was set past the run's end.
 */
final class Interrupter {
  private Interrupter() {}

  /** How the run is interrupted, and the exit code that the JVM then ends with. */
  enum Signal {
    /** SIGKILL: nothing runs after it, as when a machine dies. */
    KILL(137),
    /** SIGTERM (what `kill` and schedulers send; Ctrl-C is alike): lag may tidy up first. */
    TERM(143);

    final int exitCode;

    Signal(int exitCode) {
      this.exitCode = exitCode;
    }
  }

  /**
   * Starts {@code lag ARGS} and sends {@code signal} after the first output line at which {@code
   * reached} holds; returns the whole output once the process has ended.
   *
   * @param log where the output is also written, for a failing test's message
   */
  static String interrupt(List<String> args, Signal signal, Predicate<String> reached, Path log)
      throws IOException, InterruptedException {
    Process p = Jvm.piped(args);
    StringBuilder output = new StringBuilder();
    boolean sent = false;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.append(line).append('\n');
        if (!sent && reached.test(line)) {
          // Through the handle: Process.destroy would also close the output we still read.
          if (signal == Signal.KILL) {
            p.toHandle().destroyForcibly();
          } else {
            p.toHandle().destroy();
          }
          sent = true;
        }
      }
    }
    int code = p.waitFor();
    Files.writeString(log, output);
    if (!sent) {
      fail("the run ended (exit " + code + ") before its mark was reached:\n" + output);
    }
    assertEquals(signal.exitCode, code, "exit code after " + signal + ":\n" + output);
    return output.toString();
  }

  /** Runs {@code lag ARGS} to its end and returns its output; fails unless it exits with 0. */
  static String finish(List<String> args, Path log) throws IOException, InterruptedException {
    Process p = Jvm.piped(args);
    String output;
    try (var in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int code = p.waitFor();
    Files.writeString(log, output);
    assertEquals(0, code, output);
    return output;
  }

  /** Number of files in {@code dir} whose name ends with {@code suffix} (0 if it is absent). */
  static long count(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
    } catch (IOException e) {
      return 0; // a file renamed while listing: the next line asks again
    }
  }
}
