package dev.lag.trainer.record;

import dev.lag.trainer.engine.Engines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Where a result came from: enough to reproduce it or to tell two results apart. Every run record
 * carries one.
 *
 * @param lagVersion the lag build
 * @param gitCommit the commit of the lag checkout that ran ({@code -dirty} when it had local
 *     edits), or {@code unknown}
 * @param java the Java runtime
 * @param djlVersion the DJL API version
 * @param engine the DJL engine and its native version
 * @param os operating system and architecture
 * @param device the device trained on
 * @param seed the root seed
 * @param createdAt when the record was made (ISO-8601, UTC)
 */
public record Provenance(
    String lagVersion,
    String gitCommit,
    String java,
    String djlVersion,
    String engine,
    String os,
    String device,
    long seed,
    String createdAt) {

  /** Collects the provenance of the current process. */
  public static Provenance collect(String device, long seed) {
    return new Provenance(
        currentLagVersion(),
        currentGitCommit(),
        System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
        ai.djl.engine.Engine.getDjlVersion(),
        Engines.ENGINE + " " + Engines.version(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        device,
        seed,
        Instant.now().toString());
  }

  /** The version in the jar manifest, or the development version when run from classes. */
  public static String currentLagVersion() {
    String v = Provenance.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The commit of the checkout lag runs from (found by walking up from its classes), if any. */
  static String currentGitCommit() {
    try {
      Path here =
          Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = here; dir != null; dir = dir.getParent()) {
        if (Files.exists(dir.resolve(".git"))) {
          String head = git(dir, "rev-parse", "HEAD");
          if (head.isEmpty()) {
            return "unknown";
          }
          String dirty = git(dir, "status", "--porcelain", "--untracked-files=no");
          return dirty.isEmpty() ? head : head + "-dirty";
        }
      }
    } catch (Exception e) {
      // Provenance is best effort: a missing git must never stop a run.
    }
    return "unknown";
  }

  private static String git(Path dir, String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 3];
    command[0] = "git";
    command[1] = "-C";
    command[2] = dir.toString();
    System.arraycopy(args, 0, command, 3, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return "";
    }
    return out;
  }
}
