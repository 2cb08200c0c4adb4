package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.trainer.config.RunConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE} and {@code --set key=value}: the flat run config of any training command.
 */
final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE.json",
      description = "A JSON object of config keys (see README: Configuration).")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. --set layers=2 --set steps=200. Repeatable.")
  List<String> assignments = new ArrayList<>();

  /** Whether the user set {@code key}, in the file or with {@code --set}. */
  boolean mentions(String key) {
    if (assignments.stream().anyMatch(a -> a.trim().startsWith(key + "="))) {
      return true;
    }
    if (config == null) {
      return false;
    }
    try {
      return new ObjectMapper().readTree(config.toFile()).has(key);
    } catch (java.io.IOException e) {
      return false; // resolve() reports the unreadable file
    }
  }

  /** The defaults, then the file, then the assignments. */
  RunConfig resolve(RunConfig base) {
    RunConfig c = base;
    if (config != null) {
      c = c.withFile(config, new ObjectMapper());
    }
    return c.withAssignments(assignments);
  }
}
