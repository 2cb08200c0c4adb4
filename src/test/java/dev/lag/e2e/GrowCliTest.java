package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.trainer.record.TrainRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lag ops}, {@code lag grow}, and training the grown checkpoint. */
@Tag("djl")
class GrowCliTest {
  @Test
  void growATrainedCheckpointAndKeepTraining(@TempDir Path dir) throws Exception {
    Cli ops = Cli.run("ops");
    assertEquals(0, ops.exitCode());
    for (String name :
        new String[] {
          "stack-all",
          "stack-top",
          "midas(b=1)",
          "stack-bottom",
          "interleave",
          "random-new",
          "zero-new",
          "widen"
        }) {
      assertTrue(ops.out().contains(name), "lag ops lists " + name);
    }

    Path source = dir.resolve("source");
    assertEquals(0, Cli.run(TrainCliTest.args("train", "--out", source.toString())).exitCode());
    Path grown = dir.resolve("grown");
    Cli grow =
        Cli.run(
            "grow",
            "--from",
            source.resolve("checkpoint").toString(),
            "--op",
            "midas(optimizer=copy, rewarmup=3)",
            "--depth",
            "4",
            "--out",
            grown.toString());
    assertEquals(0, grow.exitCode(), grow.err());
    assertTrue(grow.out().contains("layer map [0, 0, 0, 1]"), grow.out());

    Path run = dir.resolve("continued");
    Cli train =
        Cli.run(
            "train",
            "--resume-from",
            grown.toString(),
            "--set",
            "steps=10",
            "--out",
            run.toString());
    assertEquals(0, train.exitCode(), train.err());
    var record = new ObjectMapper().readTree(run.resolve("run.json").toFile());
    assertEquals(4, record.path("config").path("layers").asInt());
    assertEquals(
        3,
        record.path("config").path("warmup").asInt(),
        "the grown checkpoint's re-warm-up is used");
    var metrics = TrainRun.readMetrics(run.resolve("metrics.jsonl"));
    assertEquals(
        40L * 8 * 32 + 10L * 8 * 32,
        metrics.get(metrics.size() - 1).tokens(),
        "tokens carry over growth");

    Cli widen =
        Cli.run(
            "grow",
            "--from",
            grown.toString(),
            "--op",
            "widen",
            "--width",
            "64",
            "--out",
            dir.resolve("wide").toString());
    assertEquals(0, widen.exitCode(), widen.err());

    // --data checks the growth: a function-preserving operator leaves the loss where it was.
    Path text =
        Files.writeString(
            dir.resolve("text.txt"), "a small check of the grown model. ".repeat(400));
    Cli checked =
        Cli.run(
            "grow",
            "--from",
            source.resolve("checkpoint").toString(),
            "--op",
            "zero-new",
            "--depth",
            "4",
            "--data",
            text.toString(),
            "--out",
            dir.resolve("checked").toString());
    assertEquals(0, checked.exitCode(), checked.err());
    assertTrue(checked.out().contains("after (+0.0000)"), checked.out());
  }

  @Test
  void badGrowthsAreOneLine(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("source");
    assertEquals(
        0,
        Cli.run(
                TrainCliTest.concat(
                    TrainCliTest.args("train", "--out", source.toString()), "--set", "steps=2"))
            .exitCode());
    String ckpt = source.resolve("checkpoint").toString();
    String out = dir.resolve("g").toString();
    BadInputTest.assertUserError(
        "unknown growth operator 'midaz'; known: stack-all",
        "grow",
        "--from",
        ckpt,
        "--op",
        "midaz",
        "--depth",
        "4",
        "--out",
        out);
    BadInputTest.assertUserError(
        "must be greater than the source depth 2",
        "grow",
        "--from",
        ckpt,
        "--op",
        "stack-top",
        "--depth",
        "2",
        "--out",
        out);
    BadInputTest.assertUserError(
        "midas(b=2) cannot reach depth 5",
        "grow",
        "--from",
        ckpt,
        "--op",
        "midas(b=2)",
        "--depth",
        "5",
        "--out",
        out);
    BadInputTest.assertUserError(
        "unknown argument 'noize'",
        "grow",
        "--from",
        ckpt,
        "--op",
        "stack-all(noize=1)",
        "--depth",
        "4",
        "--out",
        out);
    BadInputTest.assertUserError(
        "no such directory",
        "grow",
        "--from",
        dir.resolve("none").toString(),
        "--op",
        "stack-all",
        "--depth",
        "4",
        "--out",
        out);
  }
}
