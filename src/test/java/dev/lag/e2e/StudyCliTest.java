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

/** {@code lag study}: every candidate to the end, then the lag curve, in the analyze schema. */
@Tag("djl")
class StudyCliTest {
  @Test
  void studyWritesTheLagCurveWithThePool(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("source");
    assertEquals(0, Cli.run(TrainCliTest.args("train", "--out", source.toString())).exitCode());
    Path run = dir.resolve("study");
    Cli r =
        Cli.run(
            "study",
            "--from",
            source.resolve("checkpoint").toString(),
            "--depth",
            "4",
            "--pool",
            "stack-top",
            "--pool",
            "zero-new",
            "--pool",
            "midas",
            "--pool",
            "random-new",
            "--set",
            "steps=12",
            "--set",
            "evalInterval=3",
            "--set",
            "evalPrimitives=8",
            "--grid",
            "0,3,6,12",
            "--out",
            run.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode study = new ObjectMapper().readTree(run.resolve("study.json").toFile());
    assertEquals(2, study.path("schemaVersion").asInt());
    assertEquals(12, study.path("finalStep").asInt());
    assertEquals(4, study.path("pool").size());
    assertEquals(4, study.path("candidates").size());
    assertEquals(4, study.path("curve").size());
    assertEquals(0, study.path("curve").get(0).path("step").asInt());
    assertTrue(
        study.path("curve").get(3).path("top1").asBoolean(), "at the end the pick is the best");
    assertEquals(1.0, study.path("curve").get(3).path("spearman").asDouble(), 1e-12);
    assertEquals(2, study.path("sourceLayers").asInt());
    // Studies also measure the reasoning primitives: each final model per task, and whether the
    // score at k ranks the candidates by final primitive accuracy.
    assertEquals(4, study.path("finalPrimitives").size());
    JsonNode midas = study.path("finalPrimitives").path("midas");
    assertEquals(7, midas.path("tasks").size());
    assertEquals(8, midas.path("tasks").path("induction").path("n").asInt());
    assertTrue(Double.isFinite(midas.path("evalLoss").asDouble()));
    assertEquals(4, study.path("primitivesCurve").path("curve").size());

    // The report shows the final models' primitives beside their losses.
    Path html = dir.resolve("report.html");
    Path md = dir.resolve("report.md");
    Cli report = Cli.run("report", run.toString(), "--out", html.toString(), "--md", md.toString());
    assertEquals(0, report.exitCode(), report.err());
    String page = Files.readString(html);
    assertTrue(page.contains("Reasoning primitives of the final models"));
    assertTrue(page.contains("assign-d2-code"));
    assertTrue(Files.readString(md).contains("| final model | eval loss | primitives |"));
  }

  @Test
  void aReplicatedStudyWithProbesMeasuresSeedNoiseAndJudgesCooldowns(@TempDir Path dir)
      throws Exception {
    Path source = dir.resolve("source");
    assertEquals(0, Cli.run(TrainCliTest.args("train", "--out", source.toString())).exitCode());
    Path run = dir.resolve("study");
    Cli r =
        Cli.run(
            "study",
            "--from",
            source.resolve("checkpoint").toString(),
            "--depth",
            "4",
            "--pool",
            "stack-top",
            "--pool",
            "zero-new",
            "--pool",
            "midas",
            "--set",
            "steps=12",
            "--set",
            "evalInterval=4",
            "--set",
            "evalPrimitives=0",
            "--set",
            "replicas=2",
            "--scorer",
            "cooldown(3)",
            "--probes",
            "2",
            "--grid",
            "0,4,8,12",
            "--out",
            run.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode study = new ObjectMapper().readTree(run.resolve("study.json").toFile());
    assertEquals(2, study.path("replicas").asInt());
    assertEquals("cooldown(3)", study.path("scorer").asText());
    assertEquals("[2,3]", study.path("cooldowns").toString(), "asked for, and the scorer's own");
    assertTrue(study.path("seedNoise").asDouble() > 0, study.toString());
    assertEquals(2, study.path("finalsByReplica").path("midas").size());
    // No probe at lag 0: the cooldown scorer has nothing to read there, so the curve starts at 4.
    JsonNode at4 = study.path("curve").get(0);
    assertEquals(4, at4.path("step").asInt());
    assertTrue(at4.has("regretInNoise"), at4.toString());
    // The probes were taken at every lag inside the stage, for every replica, and recorded.
    long probeLines = 0;
    long replicaLines = 0;
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      JsonNode l = new ObjectMapper().readTree(line);
      probeLines += l.path("probes").size();
      replicaLines += l.path("replica").asInt() == 1 ? 1 : 0;
    }
    assertEquals(3 * 2 * 2 * 2, probeLines, "3 candidates x 2 replicas x lags 4, 8 x 2 lengths");
    assertTrue(replicaLines > 0, "replica 1 is recorded as such");
  }
}
