package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.selector.runners.CandidateRunner;
import dev.lag.selector.runners.HazelcastRunner;
import dev.lag.selector.runners.LocalRunner;
import dev.lag.selector.runners.TaskCache;
import dev.lag.trainer.engine.Engines;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where candidates train: shared by select, study and stack. */
final class RunnerOptions {
  /** The cluster secret comes from here when no file is given. */
  static final String SECRET_ENV = "LAG_CLUSTER_SECRET";

  /** Where candidates train. */
  enum Runner {
    /** In this process, one slot per device. */
    LOCAL,
    /** On the workers of a Hazelcast cluster ({@code lag worker}). */
    HAZELCAST;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Option(
      names = "--runner",
      defaultValue = "local",
      paramLabel = "local|hazelcast",
      description = "Where candidates train (default ${DEFAULT-VALUE}).")
  String runner = "local"; // also the default of an instance picocli did not fill (lag demo)

  /**
   * The runner named: {@code local} or {@code hazelcast}; anything else is one line naming the
   * option (read here, not by a picocli converter, whose errors take two lines).
   */
  Runner runner() {
    for (Runner r : Runner.values()) {
      if (r.toString().equals(runner)) {
        return r;
      }
    }
    throw InvalidInputException.field("--runner", runner, "expected local or hazelcast");
  }

  @Option(
      names = "--devices",
      split = ",",
      paramLabel = "DEV",
      description =
          "Local runner: the device to train on, e.g. gpu:0 (default: the config's). One per"
              + " process: for several, start a lag worker --device D on each and use --runner"
              + " hazelcast.")
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

  /** Checks the options without connecting or writing anything. */
  void check() {
    switch (runner()) {
      case LOCAL -> {
        // DJL's PyTorch engine records one model's gradients at a time per process: two windows
        // training at once in one JVM fail, so several devices are several workers.
        if (devices.size() > 1) {
          throw InvalidInputException.field(
              "--devices",
              String.join(",", devices),
              "one device per process (DJL's PyTorch engine trains one model at a time in a"
                  + " process): start a lag worker --device D for each and use --runner hazelcast");
        }
        devices.forEach(Engines::device); // a GPU must be there
      }
      case HAZELCAST -> {
        if (members.isEmpty()) {
          throw InvalidInputException.field(
              "--members", "", "the hazelcast runner needs the workers' host:port list");
        }
        members.forEach(HazelcastRunner::checkMember);
      }
    }
  }

  /**
   * The runner for a run in {@code dir}: every finished window is kept under {@code dir/tasks},
   * which a resumed run replays.
   */
  CandidateRunner open(Path dir, String configDevice, PrintWriter progress) throws IOException {
    check();
    CandidateRunner inner =
        runner() == Runner.LOCAL
            ? new LocalRunner(
                devices.isEmpty() ? configDevice : devices.get(0), new WindowProgress(progress))
            : HazelcastRunner.connect(cluster, secret(), members);
    return new TaskCache(inner, dir.resolve(TaskCache.DIRECTORY));
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
}
