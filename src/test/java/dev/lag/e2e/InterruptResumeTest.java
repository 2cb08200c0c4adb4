package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.e2e.Interrupter.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that trains, in its own JVM, interrupted six times at moments set by its progress
 * (SIGKILL and SIGTERM in turn) and continued with {@code --resume} each time, ends with exactly
 * the records of a run that was never interrupted. SIGTERM leaves {@code run.json} saying {@code
 * interrupted}; for {@code lag train} with the step its checkpoint holds.
 */
@Tag("djl")
class InterruptResumeTest {
  static final int INTERRUPTS = 6;
  static final List<String> TINY =
      List.of(
          "--set",
          "dModel=32",
          "--set",
          "heads=2",
          "--set",
          "seqLen=16",
          "--set",
          "batch=4",
          "--set",
          "lr=0.01",
          "--set",
          "warmup=2",
          "--set",
          "evalBatches=2",
          "--set",
          "embeddedBytes=100000");
  static final String STACK =
      """
      {"depths": [1, 2, 3], "budgetTokens": 15360, "policy": "successive-halving(r=5, eta=2)",
       "pool": ["stack-top", "zero-new", "interleave"],
       "dModel": 32, "heads": 2, "seqLen": 16, "batch": 4, "lr": 0.01, "warmup": 2,
       "evalInterval": 10, "evalBatches": 2, "embeddedBytes": 100000}
      """;

  @TempDir Path dir;

  @Test
  void train() throws Exception {
    List<String> args = new ArrayList<>(List.of("train", "--checkpoint-every", "10"));
    args.addAll(TINY);
    args.addAll(List.of("--set", "layers=2", "--set", "steps=200", "--set", "evalInterval=25"));
    Path clean = dir.resolve("clean");
    Cli r = Cli.run(with(args, "--out", clean.toString()).toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    Path run = dir.resolve("interrupted");
    Pattern step = Pattern.compile("^step (\\d+)/200");
    long[] last = {0};
    interruptAndResume(
        with(args, "--out", run.toString()),
        200,
        line -> {
          Matcher m = step.matcher(line);
          if (m.find()) {
            last[0] = Long.parseLong(m.group(1));
          }
          return last[0];
        },
        signal -> {
          if (signal == Signal.TERM) {
            JsonNode record = json(run.resolve("run.json"));
            assertEquals("interrupted", record.path("status").asText(), record.toString());
            assertEquals(
                record.path("summary").path("steps").asLong(),
                json(run.resolve("checkpoint/state.json")).path("step").asLong(),
                "the checkpoint holds the step the record names");
          }
        });
    assertSameRecords(clean, run, "run.json", "metrics.jsonl", "checkpoint/state.json");
  }

  @Test
  void select() throws Exception {
    Path source = trainedSource();
    List<String> args =
        new ArrayList<>(
            List.of(
                "select",
                "--from",
                source.toString(),
                "--depth",
                "3",
                "--policy",
                "successive-halving(r=5, eta=2)",
                "--set",
                "steps=60",
                "--set",
                "evalInterval=5"));
    windowed(args, "selection.json");
  }

  @Test
  void study() throws Exception {
    Path source = trainedSource();
    List<String> args =
        new ArrayList<>(
            List.of(
                "study",
                "--from",
                source.toString(),
                "--depth",
                "3",
                "--set",
                "steps=30",
                "--set",
                "evalInterval=10",
                "--set",
                "evalPrimitives=0"));
    windowed(args, "study.json");
  }

  @Test
  void stack() throws Exception {
    Path config = Files.writeString(dir.resolve("stack.json"), STACK);
    windowed(new ArrayList<>(List.of("stack", "--config", config.toString())), "stack.json");
  }

  /** A 2-layer checkpoint to grow. */
  Path trainedSource() {
    List<String> args = new ArrayList<>(List.of("train", "--out", dir.resolve("src").toString()));
    args.addAll(TINY);
    args.addAll(List.of("--set", "layers=2", "--set", "steps=20", "--set", "evalInterval=10"));
    Cli r = Cli.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    return dir.resolve("src/checkpoint");
  }

  /**
   * A command of candidate windows: its progress is the number of finished windows it has kept (the
   * task cache logs each), its interrupted runs say so in run.json.
   */
  void windowed(List<String> args, String summary) throws Exception {
    Path clean = dir.resolve("clean");
    Cli r = Cli.run(with(args, "--out", clean.toString()).toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    long windows = Interrupter.count(clean.resolve("tasks"), ".task");
    assertTrue(windows > INTERRUPTS, "enough windows to interrupt: " + windows);
    Path run = dir.resolve("interrupted");
    Path tasks = run.resolve("tasks");
    interruptAndResume(
        with(args, "--out", run.toString()),
        windows,
        line -> Interrupter.count(tasks, ".task"),
        signal -> {
          assertFalse(Files.exists(run.resolve(summary)), "no summary from an interrupted run");
          String status = json(run.resolve("run.json")).path("status").asText();
          assertEquals(signal == Signal.TERM ? "interrupted" : "running", status);
        });
    assertSameRecords(clean, run, "run.json", "metrics.jsonl", summary);
  }

  /**
   * Interrupts the command {@link #INTERRUPTS} times, in turn with SIGKILL and SIGTERM, each time
   * once its progress reaches the next of marks spread over {@code total}, then resumes it to the
   * end.
   *
   * @param progress reads the run's progress; called after every line it prints
   * @param after checks the run directory after each interruption
   */
  void interruptAndResume(
      List<String> args,
      long total,
      java.util.function.Function<String, Long> progress,
      java.util.function.Consumer<Signal> after)
      throws Exception {
    List<String> resume = with(args, "--resume");
    for (int i = 1; i <= INTERRUPTS; i++) {
      long mark = i * total / (INTERRUPTS + 1);
      Signal signal = i % 2 == 1 ? Signal.KILL : Signal.TERM;
      Interrupter.interrupt(
          i == 1 ? args : resume,
          signal,
          line -> progress.apply(line) >= mark,
          dir.resolve("attempt-" + i + ".log"));
      after.accept(signal);
    }
    Interrupter.finish(resume, dir.resolve("last.log"));
  }

  static List<String> with(List<String> args, String... more) {
    List<String> out = new ArrayList<>(args);
    out.addAll(List.of(more));
    return out;
  }

  /** The records of both runs are equal but for wall-clock time and provenance. */
  static void assertSameRecords(Path clean, Path run, String... files) throws Exception {
    for (String f : files) {
      Path a = clean.resolve(f);
      Path b = run.resolve(f);
      if (f.endsWith(".jsonl")) {
        assertEquals(lines(a), lines(b), f + " after " + INTERRUPTS + " interruptions");
      } else {
        assertEquals(comparable(json(a)), comparable(json(b)), f);
      }
    }
  }

  static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<JsonNode> lines(Path file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(file)) {
      out.add(comparable(json.readTree(line)));
    }
    return out;
  }

  /** Without what legitimately differs between two runs: wall-clock time, provenance, paths. */
  static JsonNode comparable(JsonNode node) {
    if (node instanceof ObjectNode o) {
      o.remove(List.of("seconds", "wallSeconds", "provenance", "createdAt"));
      for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
        comparable(it.next());
      }
    } else if (node.isArray()) {
      node.forEach(InterruptResumeTest::comparable);
    }
    return node;
  }
}
