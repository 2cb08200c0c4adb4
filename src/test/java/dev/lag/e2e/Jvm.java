package dev.lag.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the lag CLI in a separate JVM, so that a test can kill it with SIGKILL. */
final class Jvm {
  private Jvm() {}

  /**
   * {@code lag ARGS...} in a new JVM with this test's classpath, its output going to {@code log}.
   */
  static Process lag(Path log, List<String> args, String... env) throws IOException {
    return lag(1, log, args, env);
  }

  /** As above, with {@code threads} intra-op threads (training is bit-reproducible with any). */
  static Process lag(int threads, Path log, List<String> args, String... env) throws IOException {
    ProcessBuilder b =
        new ProcessBuilder(command(threads, args))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    for (int i = 0; i + 1 < env.length; i += 2) {
      b.environment().put(env[i], env[i + 1]);
    }
    return b.start();
  }

  /**
   * {@code lag ARGS...} in a new JVM whose output (standard error merged in) the caller reads from
   * {@link Process#getInputStream}, line by line as it is written. The task cache logs a line per
   * finished window and a worker one per task it starts, so a test can follow a run's progress.
   */
  static Process piped(List<String> args, String... env) throws IOException {
    return piped(List.of(), args, env);
  }

  /** As above, with extra JVM options ({@code -Xlog:...}, say) before the class path. */
  static Process piped(List<String> jvmOptions, List<String> args, String... env)
      throws IOException {
    List<String> command = command(1, args);
    command.add(
        command.indexOf("-cp"), "-Dorg.slf4j.simpleLogger.log.dev.lag.selector.runners=info");
    command.addAll(command.indexOf("-cp"), jvmOptions);
    ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
    for (int i = 0; i + 1 < env.length; i += 2) {
      b.environment().put(env[i], env[i + 1]);
    }
    return b.start();
  }

  /**
   * Writes an executable {@code lag} launcher into {@code dir} that runs this test's CLI (for a
   * program that calls {@code lag} itself, as a user's script does).
   */
  static Path launcher(Path dir) throws IOException {
    StringBuilder script = new StringBuilder("#!/bin/sh\nexec");
    for (String word : command(1, List.of())) {
      script.append(" '").append(word.replace("'", "'\\''")).append('\'');
    }
    Path lag = dir.resolve("lag");
    java.nio.file.Files.writeString(lag, script.append(" \"$@\"\n"));
    if (!lag.toFile().setExecutable(true)) {
      throw new IOException("cannot make " + lag + " executable");
    }
    return lag;
  }

  private static List<String> command(int threads, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx2g",
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "-Dai.djl.offline=true",
            "-Dlag.home=" + System.getProperty("lag.home", "."),
            "-Dai.djl.pytorch.num_threads=" + threads,
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.lag.selector.cli.LagCli"));
    command.addAll(args);
    return command;
  }
}
