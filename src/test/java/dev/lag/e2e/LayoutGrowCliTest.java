package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code lag grow} on other frameworks' weights: a small model of each layout written by plain
 * PyTorch (tools/layout_models.py), grown, and loaded back into the same PyTorch model with strict
 * names; zero-new and copy-zero keep its logits.
 */
class LayoutGrowCliTest {
  @ParameterizedTest
  @ValueSource(strings = {"nanogpt", "hf-gpt2", "hf-llama"})
  void aGrownCheckpointLoadsIntoItsFrameworkAndZeroNewKeepsItsLogits(
      String layout, @TempDir Path dir) {
    assumeTrue(Tools.hasTorch(), "needs Debian's python3-torch: apt-get install -y python3-torch");
    Path src = dir.resolve("src");
    Tools.Result made =
        python("make", "--layout", layout, "--layers", "2", "--out", src.toString());
    assertEquals(0, made.exitCode(), made.out());
    // random-new and zero-new build new blocks: their buffers (nanoGPT's causal mask) must be
    // copied, not zeroed or drawn (issue 22: a zeroed mask made the grown model's loss NaN).
    for (String op : List.of("zero-new", "copy-zero", "random-new", "stack-top", "midas")) {
      Path grown = dir.resolve(op);
      Cli r =
          Cli.run(
              "grow",
              "--from",
              src.toString(),
              "--op",
              op,
              "--depth",
              "4",
              "--out",
              grown.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().contains("(" + layout + " layout): 2 -> 4 blocks"), r.out());
      List<String> check =
          new java.util.ArrayList<>(
              List.of(
                  "check",
                  "--layout",
                  layout,
                  "--source",
                  src.toString(),
                  "--grown",
                  grown.toString()));
      if (op.equals("zero-new") || op.equals("copy-zero")) { // they keep the logits
        check.add("--preserving");
      }
      Tools.Result checked = python(check.toArray(String[]::new));
      assertEquals(0, checked.exitCode(), checked.out());
      assertTrue(checked.out().contains("\"grownLayers\": 4"), checked.out());
    }
  }

  @Test
  void brokenFilesAndLayoutsAreOneLineAndTouchNothing(@TempDir Path dir) throws Exception {
    Path truncated = dir.resolve("truncated.safetensors");
    Files.write(
        truncated, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1 << 20).array());
    assertError(
        "--from=" + truncated + ": not a readable safetensors file",
        "grow",
        "--from",
        truncated.toString(),
        "--op",
        "midas",
        "--depth",
        "4",
        "--out",
        dir.resolve("a").toString());

    Path outside = dir.resolve("outside.safetensors");
    byte[] header =
        "{\"transformer.h.0.attn.c_attn.weight\":{\"dtype\":\"F32\",\"shape\":[2,6],\"data_offsets\":[0,48]}}"
            .getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    Files.write(outside, b.array());
    assertError(
        "does not fit its shape or the file",
        "grow",
        "--from",
        outside.toString(),
        "--op",
        "midas",
        "--depth",
        "4",
        "--out",
        dir.resolve("b").toString());

    assertError(
        "--layout=hf-bert: unknown; known: auto, nanogpt, hf-gpt2, hf-llama",
        "grow",
        "--from",
        outside.toString(),
        "--layout",
        "hf-bert",
        "--op",
        "midas",
        "--depth",
        "4",
        "--out",
        dir.resolve("c").toString());

    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "keep");
    assertError(
        "--out=" + mine + ": is not empty and holds other files",
        "grow",
        "--from",
        outside.toString(),
        "--op",
        "midas",
        "--depth",
        "4",
        "--out",
        mine.toString());
    assertEquals("keep", Files.readString(mine.resolve("notes.txt")));
    assertFalse(Files.exists(dir.resolve("a")) || Files.exists(dir.resolve("b")));
  }

  private static void assertError(String expected, String... args) {
    Cli r = Cli.run(args);
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  private static Tools.Result python(String... args) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Tools.PYTHON.toString(),
                Tools.root().resolve("tools/layout_models.py").toString()));
    command.addAll(List.of(args));
    return Tools.run(command);
  }
}
