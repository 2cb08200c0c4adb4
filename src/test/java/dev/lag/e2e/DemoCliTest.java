package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lag demo}, the README's first command, end to end: records, summary and report. */
@Tag("djl")
class DemoCliTest {
  @Test
  void theDemoRunsAndEndsWithItsReport(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo");
    Cli r = Cli.run("demo", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("winner per stage:"), r.out());
    assertTrue(r.out().contains(out.resolve("report.html").toString()), r.out());
    JsonNode stack = new ObjectMapper().readTree(out.resolve("stack.json").toFile());
    assertEquals(2, stack.path("stages").size(), "2 -> 4 -> 6 layers");
    assertEquals("lag", stack.path("contenders").get(0).path("name").asText());
    assertTrue(Files.size(out.resolve("report.html")) > 50_000, "the report with its charts");
    assertTrue(Files.readString(out.resolve("report.md")).contains("| schedule |"));
  }
}
