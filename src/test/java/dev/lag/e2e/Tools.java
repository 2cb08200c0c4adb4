package dev.lag.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External programs the end-to-end tests use when the machine has them. */
final class Tools {
  static final Path PYTHON = Path.of("/usr/bin/python3");

  private Tools() {}

  /** The repository root (tests run in src/test). */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("lag")) && Files.isDirectory(p.resolve("tools"))) {
        return p;
      }
    }
    throw new IllegalStateException("no lag checkout above " + here);
  }

  /** A {@code lag serve} on a free loopback port, recording under {@code state}; close it. */
  static dev.lag.selector.serve.LagServer service(Path state) throws IOException {
    return dev.lag.selector.serve.LagServer.start(
        new dev.lag.selector.serve.LagService(state),
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
        null,
        1 << 20,
        4);
  }

  /** Whether Debian's python3-torch is installed. */
  static boolean hasTorch() {
    return Files.isExecutable(PYTHON)
        && run(List.of(PYTHON.toString(), "-c", "import torch")).exitCode == 0;
  }

  record Result(int exitCode, String out) {}

  /** Whether Debian's python3-pip is installed (pip installs the Python client offline). */
  static boolean hasPip() {
    return Files.isExecutable(PYTHON)
        && run(List.of(PYTHON.toString(), "-m", "pip", "--version")).exitCode == 0;
  }

  /** Runs a command to completion (10 minutes at most), stdout and stderr together. */
  static Result run(List<String> command) {
    return run(command, java.util.Map.of());
  }

  /** The same with these environment variables added. */
  static Result run(List<String> command, java.util.Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return new Result(-1, out + "\n(timed out)");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, e.toString());
    }
  }
}
