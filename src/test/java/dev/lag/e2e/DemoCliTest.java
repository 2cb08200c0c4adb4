package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lag demo}, the README's first command, end to end in its own JVM as the launcher runs it
 * (two threads, as on a user's machine): records, summary and report.
 */
@Tag("djl")
class DemoCliTest {
  /** The README says the demo is lag stack on examples/stack-demo.json: they must not drift. */
  @Test
  void theDemoRunsTheExampleConfig() throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (var in =
        dev.lag.selector.cli.LagCli.class.getResourceAsStream("/dev/lag/selector/demo.json")) {
      assertEquals(
          json.readTree(Tools.root().resolve("examples/stack-demo.json").toFile()),
          json.readTree(in));
    }
  }

  @Test
  void theDemoRunsAndEndsWithItsReport(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo");
    Path log = dir.resolve("demo.log");
    Process demo = Jvm.lag(2, log, List.of("demo", "--out", out.toString()));
    demo.waitFor(); // no clock: CI bounds the run; the demo prints its progress to the log
    String printed = Files.readString(log);
    assertEquals(0, demo.exitValue(), printed);
    assertTrue(printed.contains("winner per stage:"), printed);
    assertTrue(
        printed.contains(out.resolve("report.html").toAbsolutePath().normalize().toString()),
        printed);
    JsonNode stack = new ObjectMapper().readTree(out.resolve("stack.json").toFile());
    assertEquals(2, stack.path("stages").size(), "2 -> 4 -> 6 layers");
    for (JsonNode stage : stack.path("stages")) {
      // The defaults the rule of RESULTS.md chose, with confidence calibrated on lag's own bank.
      JsonNode selection = stage.path("selection");
      assertTrue(selection.path("policy").asText().startsWith("hedged("), selection.toString());
      assertEquals("anneal", selection.path("scorer").asText(), selection.toString());
      assertEquals(
          "calibrated", selection.path("tieBreak").path("rule").asText(), selection.toString());
      assertTrue(selection.path("confidence").path("pBest").size() >= 2, selection.toString());
    }
    assertEquals("lag", stack.path("contenders").get(0).path("name").asText());
    assertTrue(Files.size(out.resolve("report.html")) > 50_000, "the report with its charts");
    assertTrue(Files.readString(out.resolve("report.md")).contains("| schedule |"));
  }
}
