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
 * names: every depth operator gives a finite model with its buffers intact, and zero-new and
 * copy-zero keep its logits.
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
    // Every depth operator (issue 22's goal); random-new and zero-new build new blocks, whose
    // buffers (nanoGPT's causal mask) must be copied, not zeroed or drawn (a zeroed mask made the
    // grown model's loss NaN).
    List<String> ops =
        List.of(
            "stack-all",
            "stack-top",
            "midas",
            "stack-bottom",
            "interleave",
            "random-new",
            "zero-new",
            "copy-zero",
            "solar",
            "map(layers=[0,1,1,0])");
    for (String op : ops) {
      Path grown = dir.resolve("grown-" + ops.indexOf(op));
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

  /** A nanoGPT-named file whose blocks are {@code blocks}, one 4-wide c_attn weight each. */
  static Path nano(Path dir, List<Integer> blocks, String config) throws Exception {
    java.util.Map<String, dev.lag.trainer.model.HostTensor> t = new java.util.LinkedHashMap<>();
    t.put("transformer.wte.weight", dev.lag.trainer.model.HostTensor.zeros(new long[] {8, 4}));
    for (int b : blocks) {
      t.put(
          "transformer.h." + b + ".attn.c_attn.weight",
          dev.lag.trainer.model.HostTensor.zeros(new long[] {12, 4}));
    }
    Files.createDirectories(dir);
    try (var out = Files.newOutputStream(dir.resolve("model.safetensors"))) {
      dev.lag.trainer.checkpoint.SafeTensors.write(out, t, java.util.Map.of("format", "pt"));
    }
    if (config != null) {
      Files.writeString(dir.resolve("config.json"), config);
    }
    return dir;
  }

  /** Issue 24: foreign checkpoints that used to grow into something wrong, exit 0. */
  @Test
  void foreignCheckpointsAreValidatedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
    String[] grow = {"grow", "--op", "stack-top", "--depth", "4", "--from"};
    Path fromOne = nano(dir.resolve("from1"), List.of(1, 2, 3), null);
    assertError(
        "tensor blocks=[1, 2, 3]: block indices must run 0..3; missing [0]",
        concat(grow, fromOne.toString(), "--out", dir.resolve("a").toString()));
    Path sharded = nano(dir.resolve("sharded"), List.of(0), null);
    Files.writeString(sharded.resolve("model.safetensors.index.json"), "{\"weight_map\": {}}");
    assertError(
        "a sharded checkpoint (model.safetensors.index.json)",
        concat(grow, sharded.toString(), "--out", dir.resolve("b").toString()));
    Path deep = nano(dir.resolve("deep"), List.of(0, 1), "{\"n_layer\": 5}");
    assertError(
        "config.json n_layer=5: the weights hold 2 blocks",
        concat(grow, deep.toString(), "--out", dir.resolve("c").toString()));
    Path two = nano(dir.resolve("two"), List.of(0, 1), "{\"n_layer\": \"two\"}");
    assertError(
        "config.json n_layer=\"two\": the weights hold 2 blocks",
        concat(grow, two.toString(), "--out", dir.resolve("d").toString()));
    Path good = nano(dir.resolve("good"), List.of(0, 1), "{\"n_layer\": 2}");
    assertError(
        "is the source's folder",
        concat(grow, good.toString(), "--out", good.toString(), "--force"));
    Path foreign = nano(dir.resolve("foreign"), List.of(0), null);
    assertError(
        "holds weights lag did not write; --force never replaces them",
        concat(grow, good.toString(), "--out", foreign.toString(), "--force"));
    assertError(
        "--depth=2147483647: the grown model would take",
        "grow",
        "--op",
        "stack-top",
        "--depth",
        "2147483647",
        "--from",
        good.toString(),
        "--out",
        dir.resolve("e").toString());
    for (String never : List.of("a", "b", "c", "d", "e")) {
      assertFalse(Files.exists(dir.resolve(never)), never + " was written");
    }
    // The good one grows, and --force may then replace what lag itself grew.
    String[] ok = concat(grow, good.toString(), "--out", dir.resolve("grown").toString());
    assertEquals(0, Cli.run(ok).exitCode());
    assertEquals(0, Cli.run(concat(ok, "--force")).exitCode());
  }

  static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
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
