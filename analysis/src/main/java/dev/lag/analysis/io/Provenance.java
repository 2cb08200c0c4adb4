package dev.lag.analysis.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where a result came from: enough to reproduce it or to tell two results apart. Every run record
 * carries one.
 *
 * @param lagVersion the lag build
 * @param gitCommit the commit of the lag checkout that ran ({@code -dirty} when it had local
 *     edits), or {@code unknown}
 * @param java the Java runtime
 * @param djlVersion the DJL API version, or {@code none} where no engine ran (a served selection)
 * @param engine the DJL engine and its native version, or {@code none}
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

  /** What records say where no engine ran. */
  public static final String NONE = "none";

  /**
   * The provenance of this process without an engine: a record of losses reported by another
   * framework, or a run whose engine {@link #withEngine} adds.
   */
  public static Provenance collect(String device, long seed) {
    return new Provenance(
        currentLagVersion(),
        currentGitCommit(),
        System.getProperty("java.vendor") + " " + System.getProperty("java.version"),
        NONE,
        NONE,
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        device,
        seed,
        Instant.now().toString());
  }

  /** The same provenance with the engine that ran. */
  public Provenance withEngine(String newDjlVersion, String newEngine) {
    return new Provenance(
        lagVersion, gitCommit, java, newDjlVersion, newEngine, os, device, seed, createdAt);
  }

  /** The version lag was built as (from the build, so a run from classes knows it too). */
  public static String currentLagVersion() {
    try (InputStream in = Provenance.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
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
