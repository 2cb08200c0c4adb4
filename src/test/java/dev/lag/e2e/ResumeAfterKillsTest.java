package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lag stack} in its own JVM, killed with SIGKILL at (seeded) random moments five times and
 * restarted with {@code --resume} each time, ends with exactly the records of a run that was never
 * interrupted.
 */
@Tag("djl")
class ResumeAfterKillsTest {
  static final String CONFIG =
      """
      {"depths": [1, 2, 3], "budgetTokens": 15360, "policy": "successive-halving(r=5, eta=2)",
       "pool": ["stack-top", "zero-new", "interleave"],
       "dModel": 32, "heads": 2, "seqLen": 16, "batch": 4, "lr": 0.01, "warmup": 2,
       "evalInterval": 10, "evalBatches": 2, "embeddedBytes": 100000}
      """;
  static final int KILLS = 5;

  @Test
  void stackKilledFiveTimesAndResumedEqualsAnUninterruptedRun(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("stack.json"), CONFIG);
    Path run = dir.resolve("killed");
    List<String> args = List.of("stack", "--config", config.toString(), "--out", run.toString());
    List<String> resume = new ArrayList<>(args);
    resume.add("--resume");

    Random moments = new Random(20261125);
    int kills = 0;
    int attempt = 0;
    while (kills < KILLS) {
      Path log = dir.resolve("attempt-" + attempt + ".log");
      Process p = Jvm.lag(log, attempt == 0 ? args : resume);
      attempt++;
      // JVM start and engine load take about 1.5 s; the whole run about 8 s.
      boolean finished = p.waitFor(1200 + moments.nextInt(4000), TimeUnit.MILLISECONDS);
      assertFalse(
          finished, "the run ended before kill " + (kills + 1) + ": " + Files.readString(log));
      new ProcessBuilder("kill", "-9", "" + p.pid()).start().waitFor();
      assertEquals(137, p.waitFor(), "killed by SIGKILL");
      kills++;
      assertFalse(Files.exists(run.resolve("stack.json")), "no summary from a killed run");
    }
    Path last = dir.resolve("last.log");
    Process p = Jvm.lag(last, resume);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the resumed run finishes");
    String output = Files.readString(last);
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("resumed: "), "finished windows were replayed: " + output);

    Path clean = dir.resolve("clean");
    Cli r = Cli.run("stack", "--config", config.toString(), "--out", clean.toString());
    assertEquals(0, r.exitCode(), r.err());

    assertEquals(
        comparable(clean.resolve("stack.json")),
        comparable(run.resolve("stack.json")),
        "stack.json after " + kills + " kills");
    assertEquals(
        metrics(clean.resolve("metrics.jsonl")),
        metrics(run.resolve("metrics.jsonl")),
        "every step of every schedule after " + kills + " kills");
  }

  /** The summary without what legitimately differs between runs: wall-clock seconds. */
  static JsonNode comparable(Path file) throws Exception {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    strip(root);
    return root;
  }

  static List<JsonNode> metrics(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(file)) {
      JsonNode node = json.readTree(line);
      strip(node);
      lines.add(node);
    }
    return lines;
  }

  static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove(List.of("seconds", "wallSeconds"));
      for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
        strip(it.next());
      }
    } else if (node.isArray()) {
      node.forEach(ResumeAfterKillsTest::strip);
    }
  }
}
