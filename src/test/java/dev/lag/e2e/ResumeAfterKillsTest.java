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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lag stack} in its own JVM, killed with SIGKILL five times at moments set by its progress
 * (the number of finished windows it has kept) and restarted with {@code --resume} each time, ends
 * with exactly the records of a run that was never interrupted.
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
    Path clean = dir.resolve("clean");
    Cli r = Cli.run("stack", "--config", config.toString(), "--out", clean.toString());
    assertEquals(0, r.exitCode(), r.err());
    long windows = Interrupter.count(clean.resolve("tasks"), ".task");
    assertTrue(windows > KILLS + 1, "enough windows to interrupt: " + windows);

    Path run = dir.resolve("killed");
    Path tasks = run.resolve("tasks");
    List<String> args = List.of("stack", "--config", config.toString(), "--out", run.toString());
    List<String> resume = new ArrayList<>(args);
    resume.add("--resume");
    for (int kill = 1; kill <= KILLS; kill++) {
      // Spread over the run: after about kill/(KILLS+1) of its windows, never after the last.
      long mark = kill * windows / (KILLS + 1);
      Interrupter.interrupt(
          kill == 1 ? args : resume,
          Interrupter.Signal.KILL,
          line -> Interrupter.count(tasks, ".task") >= mark,
          dir.resolve("attempt-" + kill + ".log"));
      assertFalse(Files.exists(run.resolve("stack.json")), "no summary from a killed run");
    }
    String output = Interrupter.finish(resume, dir.resolve("last.log"));
    assertTrue(output.contains("resumed: "), "finished windows were replayed: " + output);

    assertEquals(
        comparable(clean.resolve("stack.json")),
        comparable(run.resolve("stack.json")),
        "stack.json after " + KILLS + " kills");
    assertEquals(
        metrics(clean.resolve("metrics.jsonl")),
        metrics(run.resolve("metrics.jsonl")),
        "every step of every schedule after " + KILLS + " kills");
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
