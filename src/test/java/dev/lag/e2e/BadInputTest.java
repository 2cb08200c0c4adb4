package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user mistake: one line naming the field or file, exit code 2, no stack trace. */
@Tag("djl")
class BadInputTest {
  static void assertUserError(String expected, String... args) {
    Cli r = Cli.run(args);
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void badConfigValues(@TempDir Path dir) {
    String out = dir.resolve("r").toString();
    assertUserError("unknown config key 'layer'", "train", "--out", out, "--set", "layer=2");
    assertUserError(
        "heads=3 does not divide dModel=128", "train", "--out", out, "--set", "heads=3");
    assertUserError("layers=-1: must be positive", "train", "--out", out, "--set", "layers=-1");
    assertUserError("lr=abc: expected a number", "train", "--out", out, "--set", "lr=abc");
    assertUserError("device=tpu", "train", "--out", out, "--device", "tpu");
    assertUserError("Missing required option: '--out=RUN_DIR'", "train");
    assertUserError(
        "config file", "train", "--out", out, "--config", dir.resolve("none.json").toString());
  }

  @Test
  void badCorpora(@TempDir Path dir) throws Exception {
    String out = dir.resolve("r").toString();
    assertUserError(
        "no such file or folder", "train", "--out", out, "--set", "corpus=" + dir.resolve("x.txt"));
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    assertUserError("contains no text", "train", "--out", out, "--set", "corpus=" + empty);
    Path tiny = Files.writeString(dir.resolve("tiny.txt"), "too short");
    assertUserError("too short", "train", "--out", out, "--set", "corpus=" + tiny);
  }

  @Test
  void unreadableCheckpoints(@TempDir Path dir) throws Exception {
    Path data = Files.writeString(dir.resolve("d.txt"), "x".repeat(1000));
    assertUserError(
        "no such directory",
        "eval",
        "--ckpt",
        dir.resolve("nope").toString(),
        "--data",
        data.toString());
    Path fake = Files.createDirectory(dir.resolve("fake"));
    Files.writeString(fake.resolve("state.json"), "{}");
    assertUserError(
        "config.json is missing", "eval", "--ckpt", fake.toString(), "--data", data.toString());
  }

  @Test
  void divergenceIsRecordedNotACrash(@TempDir Path dir) throws Exception {
    Path run = dir.resolve("run");
    Cli r =
        Cli.run(
            "train",
            "--out",
            run.toString(),
            "--set",
            "layers=1",
            "--set",
            "dModel=16",
            "--set",
            "heads=2",
            "--set",
            "seqLen=16",
            "--set",
            "batch=4",
            "--set",
            "steps=50",
            "--set",
            "lr=1e6",
            "--set",
            "gradClip=0",
            "--set",
            "warmup=0",
            "--set",
            "embeddedBytes=50000");
    assertEquals(3, r.exitCode(), r.err());
    var record = new ObjectMapper().readTree(run.resolve("run.json").toFile());
    assertEquals("diverged", record.path("status").asText());
    assertTrue(record.path("summary").path("divergedAtStep").asInt() > 0);
    assertTrue(
        Files.size(run.resolve("metrics.jsonl")) > 0, "records before the divergence are kept");
  }
}
