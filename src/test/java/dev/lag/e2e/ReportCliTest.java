package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lag report} on logs from another framework, and on input it cannot read. */
class ReportCliTest {
  @Test
  void aFolderOfHuggingFaceLogsMakesAReportInEveryFormat(@TempDir Path dir) throws Exception {
    Path logs = dir.resolve("hf");
    for (int i = 0; i < 4; i++) {
      Path run = Files.createDirectories(logs.resolve("run-" + i));
      StringBuilder history = new StringBuilder();
      for (int s = 50; s <= 500; s += 50) {
        double loss = 2 + 0.05 * i + 3 / Math.sqrt(s);
        history
            .append(history.isEmpty() ? "" : ",")
            .append(
                String.format(Locale.ROOT, "{\"step\":%d,\"loss\":%.5f,\"epoch\":0.1}", s, loss))
            .append(String.format(Locale.ROOT, ",{\"step\":%d,\"eval_loss\":%.5f}", s, loss + 0.1));
      }
      Files.writeString(
          run.resolve("trainer_state.json"),
          "{\"global_step\":500,\"log_history\":[" + history + "]}");
    }
    Path html = dir.resolve("out/report.html");
    Files.createDirectories(html.getParent());
    Cli r =
        Cli.run(
            "report",
            logs.toString(),
            "--out",
            html.toString(),
            "--md",
            dir.resolve("out/report.md").toString(),
            "--csv",
            dir.resolve("out/csv").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("report: " + html.toAbsolutePath()), r.out());
    assertTrue(Files.readString(html).contains("run-0"));
    String md = Files.readString(dir.resolve("out/report.md"));
    assertTrue(md.contains("A pool of 4 runs read from logs"), md);
    assertTrue(md.contains("best at the end: run-0"), md);
    assertEquals(
        1 + 4 * 10,
        Files.readAllLines(dir.resolve("out/csv/trajectories.csv")).size(),
        "header + rows");
  }

  @Test
  void noInputsOrNothingReadableExitWithTwo(@TempDir Path dir) throws Exception {
    BadInputTest.assertUserError("Missing required parameter: 'INPUT'", "report");
    Path html = dir.resolve("r.html");
    Files.writeString(dir.resolve("stack.json"), "not json");
    Cli r = Cli.run("report", dir.toString(), "--out", html.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("stack.json: not valid JSON"), r.err());
    assertTrue(r.err().contains("no input could be read"), r.err());
    assertTrue(Files.readString(html).contains("No run could be read"), "the report says why");
  }
}
