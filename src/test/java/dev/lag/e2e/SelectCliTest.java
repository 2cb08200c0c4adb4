package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.importers.Importers;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lag select} end to end: records a user can read back with {@code lag analyze}. */
@Tag("djl")
class SelectCliTest {
  @Test
  void selectsAndWritesRecords(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("source");
    assertEquals(0, Cli.run(TrainCliTest.args("train", "--out", source.toString())).exitCode());
    Path run = dir.resolve("select");
    Cli r =
        Cli.run(
            "select",
            "--from",
            source.resolve("checkpoint").toString(),
            "--depth",
            "4",
            "--pool",
            "stack-top",
            "--pool",
            "zero-new",
            "--pool",
            "midas(optimizer=copy)",
            "--policy",
            "fixed-lag(k=6)",
            "--set",
            "steps=12",
            "--set",
            "evalInterval=3",
            "--out",
            run.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("winner: "), r.out());

    JsonNode selection = new ObjectMapper().readTree(run.resolve("selection.json").toFile());
    assertEquals(2, selection.path("schemaVersion").asInt());
    assertEquals(3, selection.path("ranking").size());
    assertEquals(6, selection.path("lag").asInt());
    assertEquals(18, selection.path("compute").path("steps").asInt());
    // Every candidate evaluated on the same 2 held-out batches: compared batch by batch.
    assertTrue(
        selection.path("uncertainty").asText().startsWith("paired bootstrap over 2 eval batches"),
        selection.toString());
    JsonNode tie = selection.path("tieBreak");
    String leader = selection.path("ranking").get(0).path("name").asText();
    assertEquals(leader, tie.path("leader").asText());
    if (tie.path("rule").asText().equals("score")) {
      assertEquals(leader, selection.path("winner").asText(), "no tie: the best score wins");
      assertEquals(0, selection.path("tiedWithWinner").size());
    } else {
      assertEquals("prior", tie.path("rule").asText());
      assertTrue(selection.path("tiedWithWinner").size() > 0, selection.toString());
    }
    for (JsonNode ranked : selection.path("ranking")) {
      double d = ranked.path("difference").asDouble();
      assertTrue(ranked.path("differenceLow").asDouble() <= d, ranked.toString());
      assertTrue(ranked.path("differenceHigh").asDouble() >= d, ranked.toString());
    }

    List<Trajectory> logged = Importers.load(run.resolve("metrics.jsonl"));
    assertEquals(
        List.of("stack-top", "zero-new", "midas(optimizer=copy)"),
        logged.stream().map(Trajectory::name).toList());
    assertEquals(6, logged.get(0).lastStep());
  }

  @Test
  void badSelectionsFailBeforeTraining(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("source");
    assertEquals(
        0,
        Cli.run(
                TrainCliTest.concat(
                    TrainCliTest.args("train", "--out", source.toString()), "--set", "steps=2"))
            .exitCode());
    String ckpt = source.resolve("checkpoint").toString();
    String out = dir.resolve("s").toString();
    BadInputTest.assertUserError(
        "longer than the stage",
        "select",
        "--from",
        ckpt,
        "--depth",
        "4",
        "--policy",
        "fixed-lag(k=500)",
        "--set",
        "steps=100",
        "--out",
        out);
    BadInputTest.assertUserError(
        "policy=halving: unknown",
        "select",
        "--from",
        ckpt,
        "--depth",
        "4",
        "--policy",
        "halving",
        "--out",
        out);
    BadInputTest.assertUserError(
        "duplicate candidate name",
        "select",
        "--from",
        ckpt,
        "--depth",
        "4",
        "--pool",
        "midas",
        "--pool",
        "midas",
        "--out",
        out);
    BadInputTest.assertUserError(
        "midas(b=2) cannot reach depth 5",
        "select",
        "--from",
        ckpt,
        "--depth",
        "5",
        "--pool",
        "midas(b=2)",
        "--out",
        out);
    BadInputTest.assertUserError(
        "--score=accuracy: expected loss, primitives or mix(w)",
        "select",
        "--from",
        ckpt,
        "--depth",
        "4",
        "--score",
        "accuracy",
        "--out",
        out);
    BadInputTest.assertUserError(
        "mix weight w=1.5: must be in [0, 1]",
        "select",
        "--from",
        ckpt,
        "--depth",
        "4",
        "--score",
        "mix(1.5)",
        "--out",
        out);
    BadInputTest.assertUserError(
        "raptr=2,6: path length 6 is outside",
        "select",
        "--from",
        ckpt,
        "--depth",
        "4",
        "--set",
        "raptr=2,6",
        "--out",
        out);
  }
}
