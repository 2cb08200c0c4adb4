package dev.lag.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Run records in lag's on-disk formats, written by the tests themselves. */
public final class Fixtures {
  private Fixtures() {}

  /**
   * A {@code lag select} run directory: candidates with losses {@code base + 3 / (1 + step)}, eval
   * every 5 steps, each trained to its own last step.
   */
  public static Path selection(
      Path dir, List<String> names, double[] base, long[] lastSteps, long finalStep)
      throws IOException {
    Files.createDirectories(dir);
    StringBuilder metrics = new StringBuilder();
    StringBuilder ranking = new StringBuilder();
    for (int c = 0; c < names.size(); c++) {
      for (long s = 0; s <= lastSteps[c]; s++) {
        double loss = base[c] + 3.0 / (1 + s);
        metrics.append(
            String.format(
                Locale.ROOT,
                "{\"candidate\":\"%s\",\"stage\":1,\"step\":%d,\"tokens\":%d,\"flops\":%.1f,\"trainLoss\":%.6f%s}%n",
                names.get(c),
                s,
                s * 64,
                s * 1e6,
                loss,
                s % 5 == 0 ? String.format(Locale.ROOT, ",\"evalLoss\":%.6f", loss + 0.01) : ""));
      }
      ranking.append(
          String.format(
              Locale.ROOT,
              "%s{\"rank\":%d,\"name\":\"%s\",\"score\":%.6f,\"stdError\":0.01,\"stepsTrained\":%d,\"status\":\"ok\"}",
              c == 0 ? "" : ",",
              c + 1,
              names.get(c),
              base[c] + 3.0 / 11,
              lastSteps[c]));
    }
    Files.writeString(dir.resolve("metrics.jsonl"), metrics);
    Files.writeString(
        dir.resolve("selection.json"),
        String.format(
            Locale.ROOT,
            "{\"schemaVersion\":1,\"winner\":\"%s\",\"lag\":10,\"reason\":\"best score at lag 10\","
                + "\"policy\":\"fixed-lag(k=10)\",\"scorer\":\"last\",\"tiedWithWinner\":[\"%s\"],"
                + "\"ranking\":[%s],\"compute\":{\"steps\":30,\"tokens\":1920,\"flops\":3e7,\"seconds\":1}}",
            names.get(0),
            names.get(1),
            ranking));
    Files.writeString(
        dir.resolve("run.json"),
        "{\"schemaVersion\":1,\"kind\":\"select\",\"status\":\"completed\",\"depth\":4,"
            + "\"config\":{\"steps\":"
            + finalStep
            + ",\"seed\":7},\"provenance\":{\"lagVersion\":\"test\",\"gitCommit\":\"abc\",\"seed\":7,"
            + "\"device\":\"cpu\"}}");
    return dir;
  }

  /** A Hugging Face run folder: {@code trainer_state.json} with loss and eval_loss entries. */
  public static Path trainerState(Path dir, double base, int steps) throws IOException {
    return trainerState(dir, base, 4.0, steps);
  }

  /** A Hugging Face run whose losses are {@code base + amplitude / sqrt(step)}. */
  public static Path trainerState(Path dir, double base, double amplitude, int steps)
      throws IOException {
    Files.createDirectories(dir);
    StringBuilder log = new StringBuilder();
    for (int s = 10; s <= steps; s += 10) {
      double loss = base + amplitude / Math.sqrt(s);
      log.append(log.isEmpty() ? "" : ",")
          .append(String.format(Locale.ROOT, "{\"step\":%d,\"loss\":%.6f}", s, loss))
          .append(String.format(Locale.ROOT, ",{\"step\":%d,\"eval_loss\":%.6f}", s, loss + 0.05));
    }
    Files.writeString(
        dir.resolve("trainer_state.json"),
        "{\"global_step\":" + steps + ",\"log_history\":[" + log + "]}");
    return dir;
  }
}
