package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.selector.run.CandidateRunner;
import dev.lag.selector.run.HazelcastRunner;
import dev.lag.selector.run.LocalRunner;
import dev.lag.selector.run.TaskCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/** Where candidates train, and whether to resume: shared by select, study and stack. */
final class RunnerOptions {
  /** The cluster secret comes from here when no file is given. */
  static final String SECRET_ENV = "LAG_CLUSTER_SECRET";

  @Option(
      names = "--runner",
      defaultValue = "local",
      paramLabel = "local|hazelcast",
      description = "Where candidates train (default ${DEFAULT-VALUE}).")
  String runner = "local"; // also the default of an instance picocli did not fill (lag demo)

  @Option(
      names = "--devices",
      split = ",",
      paramLabel = "DEV",
      description = "Local runner: one slot per device, e.g. gpu:0,gpu:1 (default: the config's).")
  List<String> devices = new ArrayList<>();

  @Option(
      names = "--members",
      split = ",",
      paramLabel = "HOST:PORT",
      description = "Hazelcast runner: workers started with lag worker.")
  List<String> members = new ArrayList<>();

  @Option(
      names = "--cluster",
      defaultValue = "lag",
      description = "Hazelcast cluster name (default ${DEFAULT-VALUE}).")
  String cluster = "lag";

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description = "File with the cluster's shared secret (else $" + SECRET_ENV + ").")
  Path secretFile;

  @Option(
      names = "--resume",
      description =
          "Continue an interrupted run in the same directory: finished windows are replayed.")
  boolean resume;

  /**
   * The runner for a run writing to {@code out}: every finished window is kept under {@code
   * out/tasks}, which {@code --resume} replays (without it the directory starts empty).
   */
  CandidateRunner open(Path out, String configDevice) throws IOException {
    Path tasks = out.resolve("tasks");
    if (!resume) {
      deleteTree(tasks);
    }
    CandidateRunner inner =
        switch (runner) {
          case "local" -> new LocalRunner(devices.isEmpty() ? List.of(configDevice) : devices);
          case "hazelcast" -> {
            if (members.isEmpty()) {
              throw InvalidInputException.field(
                  "--members", "", "the hazelcast runner needs the workers' host:port list");
            }
            yield HazelcastRunner.connect(cluster, secret(), members);
          }
          default ->
              throw InvalidInputException.field("--runner", runner, "expected local or hazelcast");
        };
    return new TaskCache(inner, tasks);
  }

  /** The shared secret: from the file, else the environment, never the command line. */
  String secret() throws IOException {
    return clusterSecret(secretFile);
  }

  static String clusterSecret(Path file) throws IOException {
    String secret;
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw InvalidInputException.field("--secret-file", file, "no such file");
      }
      secret = Files.readString(file).trim();
    } else {
      secret = System.getenv(SECRET_ENV);
    }
    if (secret == null || secret.length() < 16) {
      throw InvalidInputException.field(
          "--secret-file",
          file == null ? "$" + SECRET_ENV : file,
          "a cluster needs a shared secret of at least 16 characters");
    }
    return secret;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
