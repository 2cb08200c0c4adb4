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

  /**
   * {@code lag bank track} on lag's own bank: a row per lag, each of the regime's studies picked
   * once per replica where the scorer reads something (the last value reads the loss at growth),
   * and once per study by the prior alone where it does not (at growth the default annealing law
   * and cooldown probes).
   */
  @Test
  void theBanksTrackRecordAtAStageLikeTheDemos(@TempDir Path dir) throws Exception {
    // The default scorer, the annealing law, has nothing to fit at growth: there the pick is the
    // prior's alone, once per study; at lag 40 once per replica.
    String printed = track(dir.resolve("default.log"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "(\\d+) of the bank's \\d+ studies are of a 400-step cosine stage")
            .matcher(printed);
    assertTrue(m.find(), printed);
    int studies = Integer.parseInt(m.group(1));
    assertTrue(printed.contains("scorer anneal"), printed);
    assertTrue(
        printed.contains(
            "| 0 | 0.000 | " + studies + " 400-step cosine (prior alone) | " + studies),
        printed);
    assertTrue(
        printed.contains("| 40 | 0.100 | " + studies + " 400-step cosine | " + 3 * studies + " |"),
        printed);
    String last = track(dir.resolve("last.log"), "--scorer", "last");
    for (String row : List.of("| 0 | 0.000 | ", "| 40 | 0.100 | ")) {
      assertTrue(last.contains(row + studies + " 400-step cosine | " + 3 * studies + " |"), last);
    }
    // Cooldown probes are never taken at growth either.
    String probes = track(dir.resolve("probes.log"), "--scorer", "cooldown(20)");
    assertTrue(
        probes.contains("| 0 | 0.000 | " + studies + " 400-step cosine (prior alone) | " + studies),
        probes);
    assertTrue(
        probes.contains("| 40 | 0.100 | " + studies + " 400-step cosine | " + 3 * studies + " |"),
        probes);
  }

  /** What {@code lag bank track --stage 400 --lags 0,40} printed, after it exited with 0. */
  private static String track(Path log, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("bank", "track", "--stage", "400"));
    args.addAll(List.of("--lags", "0,40"));
    args.addAll(List.of(more));
    Process track = Jvm.lag(log, args);
    track.waitFor();
    String printed = Files.readString(log);
    assertEquals(0, track.exitValue(), printed);
    return printed;
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
    // The bank's verdict on evidence at the demo's stages, and what picking on it would take, read
    // with the scorer of the policy that weighs evidence (the annealing law) whatever the default.
    assertTrue(printed.contains("\nevidence: in the bank, the anneal score at the lag"), printed);
    assertTrue(printed.contains("\nwhat it would take: "), printed);
    assertTrue(
        printed.contains(out.resolve("report.html").toAbsolutePath().normalize().toString()),
        printed);
    JsonNode stack = new ObjectMapper().readTree(out.resolve("stack.json").toFile());
    assertEquals(2, stack.path("stages").size(), "2 -> 4 -> 6 layers");
    for (JsonNode stage : stack.path("stages")) {
      // The default the rule of RESULTS.md chose (on forty-one studies the hedged policy with the
      // bank weighed by regime, scored by the annealing law), calibrated on lag's own bank.
      JsonNode selection = stage.path("selection");
      assertTrue(selection.path("policy").asText().startsWith("hedged("), selection.toString());
      assertTrue(selection.path("policy").asText().contains("weigh=regime"), selection.toString());
      assertEquals("anneal", selection.path("scorer").asText(), selection.toString());
      assertEquals(
          "calibrated", selection.path("tieBreak").path("rule").asText(), selection.toString());
      assertTrue(selection.path("confidence").path("pBest").size() >= 2, selection.toString());
      // Its track record: the bank's 400-step cosine studies, each picked at the same lag by a
      // calibration fitted without it.
      JsonNode track = selection.path("confidence").path("trackRecord");
      assertEquals(selection.path("lag").asLong(), track.path("lag").asLong(), track.toString());
      assertEquals("400-step cosine", track.path("regime").asText(), track.toString());
      assertTrue(track.path("cameBest").asInt() <= track.path("picks").asInt(), track.toString());
    }
    assertTrue(printed.contains("track record at lag"), printed);
    assertEquals("lag", stack.path("contenders").get(0).path("name").asText());
    assertTrue(Files.size(out.resolve("report.html")) > 50_000, "the report with its charts");
    assertTrue(Files.readString(out.resolve("report.md")).contains("| schedule |"));
  }
}
