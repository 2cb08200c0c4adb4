package dev.lag.strategies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.model.ParameterNames;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerMapTest {
  static final int N = LayerMapOperator.NEW;

  static int[] map(String spec, int from, int to) {
    return ((LayerMapOperator) GrowthOperators.resolve(spec).operator()).layerMap(from, to);
  }

  @Test
  void mapsFollowTheDefinitions() {
    assertArrayEquals(new int[] {0, 1, 0, 1}, map("stack-all", 2, 4));
    assertArrayEquals(new int[] {0, 1, 2, 0, 1}, map("stack-all", 3, 5));
    assertArrayEquals(new int[] {0, 1, 0, 1}, map("stack-top", 2, 4));
    assertArrayEquals(new int[] {0, 1, 2, 3, 2, 3}, map("stack-top", 4, 6));
    assertArrayEquals(new int[] {0, 1, 2, 2}, map("stack-top", 3, 4));
    assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, map("stack-top", 2, 6));
    assertArrayEquals(new int[] {0, 1, 2, 3, 0, 1}, map("stack-bottom", 4, 6));
    assertArrayEquals(new int[] {0, 1, 0, 1, 0}, map("stack-bottom", 2, 5));
    assertArrayEquals(new int[] {0, 0, 1, 1, 2, 3}, map("interleave", 4, 6));
    assertArrayEquals(new int[] {0, 0, 1, 1}, map("interleave", 2, 4));
    assertArrayEquals(new int[] {0, 1, N, N}, map("random-new", 2, 4));
    assertArrayEquals(new int[] {0, 1, 2, N}, map("zero-new", 3, 4));
  }

  @Test
  void indexMapsSolarAndCopyZeroFollowTheirDefinitions() {
    assertArrayEquals(new int[] {0, 1, 1, 0}, map("map(layers=[0, 1, 1, 0])", 2, 4));
    // The shorthands are maps: stack-all 3 -> 6 as an index map builds the same layers.
    assertArrayEquals(map("stack-all", 3, 6), map("map(layers=[0,1,2,0,1,2])", 3, 6));
    // SOLAR (Kim et al.): 32 -> 48 with m = 8 is [0..23, 8..31]; m follows from the depth.
    int[] solar = map("solar(m=8)", 32, 48);
    assertEquals(48, solar.length);
    assertEquals(23, solar[23]);
    assertEquals(8, solar[24]);
    assertEquals(31, solar[47]);
    assertArrayEquals(solar, map("solar", 32, 48));
    assertArrayEquals(new int[] {0, 1, 2, 1, 2, 3}, map("solar", 4, 6));
    assertArrayEquals(map("stack-all", 2, 4), map("solar", 2, 4), "m = 0 is stack-all");
    // LLaMA-Pro: 32 -> 40, a copy after every 4th layer.
    int[] pro = map("copy-zero", 32, 40);
    assertArrayEquals(new int[] {0, 1, 2, 3, 3, 4, 5, 6, 7, 7}, java.util.Arrays.copyOf(pro, 10));
    assertArrayEquals(new int[] {0, 1, 1, 2, 3, 3}, map("copy-zero", 4, 6));
    assertArrayEquals(new int[] {0, 0, 1, 1, 1}, map("copy-zero", 2, 5), "a second pass");
    boolean[] zeroed =
        ((LayerMapOperator) GrowthOperators.resolve("copy-zero").operator()).zeroedOutputs(4, 6);
    assertArrayEquals(new boolean[] {false, false, true, false, false, true}, zeroed);
  }

  @Test
  void copyZeroCopiesEverythingButTheOutputProjectionsWhichAreZero() {
    GptConfig source = Snapshots.config(4, true);
    Snapshot s = Snapshots.random(source, 2);
    Snapshot t =
        GrowthOperators.resolve("copy-zero(optimizer=copy)").apply(s, source.withLayers(6));
    for (String suffix : ParameterNames.LAYER_SUFFIXES) {
      HostTensor copy = t.parameters().get(ParameterNames.layer(2, suffix)); // copy of layer 1
      HostTensor original = s.parameters().get(ParameterNames.layer(1, suffix));
      if (suffix.startsWith("attn.c_proj") || suffix.startsWith("mlp.c_proj")) {
        assertEquals(HostTensor.zeros(original.shape()), copy, suffix + " is zero");
        assertEquals(
            HostTensor.zeros(original.shape()),
            t.firstMoments().get(ParameterNames.layer(2, suffix)),
            suffix + ": no moments for a zeroed tensor");
      } else {
        assertEquals(original, copy, suffix + " is layer 1's");
      }
      assertEquals(
          s.parameters().get(ParameterNames.layer(1, suffix)),
          t.parameters().get(ParameterNames.layer(1, suffix)),
          "the original keeps its " + suffix);
    }
  }

  @Test
  void midasCopiesTheMiddleBlockRepeatedly() {
    // 2 blocks of 1: middle = ceil(2/2) - 1 = 0 -> [0, 0, 1]; then middle of 3 = 1 -> [0, 0, 0, 1].
    assertArrayEquals(new int[] {0, 0, 0, 1}, map("midas", 2, 4));
    assertArrayEquals(new int[] {0, 1, 1, 1, 2, 3}, map("midas(b=1)", 4, 6));
    assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1, 2, 3}, map("midas(b=2)", 4, 8));
    assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 3, 4, 5}, map("midas(b=3)", 6, 9));
  }

  @Test
  void everyTargetTensorIsTheSourceTensorTheMapNames() {
    for (boolean tied : new boolean[] {true, false}) {
      for (String spec : GrowthOperators.depthOperators()) {
        for (int[] depths : new int[][] {{2, 4}, {3, 5}, {4, 6}, {2, 6}}) {
          GptConfig source = Snapshots.config(depths[0], tied);
          Snapshot s = Snapshots.random(source, 7);
          Growth growth = GrowthOperators.resolve(spec + "(optimizer=copy)");
          Snapshot t = growth.apply(s, source.withLayers(depths[1]));
          LayerMapOperator op = (LayerMapOperator) growth.operator();
          int[] map = op.layerMap(depths[0], depths[1]);
          boolean[] zeroed = op.zeroedOutputs(depths[0], depths[1]);
          assertEquals(
              ParameterNames.shapes(source.withLayers(depths[1])).keySet(),
              t.parameters().keySet());
          for (String name : t.parameters().keySet()) {
            int layer = ParameterNames.layerIndex(name);
            if (layer < 0) {
              assertEquals(
                  s.parameters().get(name),
                  t.parameters().get(name),
                  spec + ": " + name + " copied unchanged");
              continue;
            }
            if (map[layer] == LayerMapOperator.NEW) {
              continue;
            }
            String from = ParameterNames.layer(map[layer], ParameterNames.suffix(name));
            String where = spec + " " + depths[0] + "->" + depths[1] + ": " + name + " <- " + from;
            if (zeroed[layer] && LayerMapOperator.writesResidual(ParameterNames.suffix(name))) {
              // copy-zero: a copy that writes nothing into the residual stream yet.
              HostTensor zero = HostTensor.zeros(t.parameters().get(name).shape());
              assertEquals(zero, t.parameters().get(name), where + " (zeroed output)");
              assertEquals(zero, t.firstMoments().get(name), where + " (zeroed output)");
              continue;
            }
            assertEquals(s.parameters().get(from), t.parameters().get(name), where);
            assertEquals(
                s.firstMoments().get(from), t.firstMoments().get(name), "optimizer=copy: " + where);
            assertEquals(
                s.secondMoments().get(from),
                t.secondMoments().get(name),
                "optimizer=copy: " + where);
          }
        }
      }
    }
  }

  @Test
  void newLayersAreFreshAndZeroNewHasZeroOutputProjections() {
    GptConfig source = Snapshots.config(2, true);
    Snapshot s = Snapshots.random(source, 1);
    Snapshot random = GrowthOperators.resolve("random-new").apply(s, source.withLayers(3));
    Snapshot zero = GrowthOperators.resolve("zero-new").apply(s, source.withLayers(3));
    for (String suffix : ParameterNames.LAYER_SUFFIXES) {
      HostTensor z = zero.parameters().get(ParameterNames.layer(2, suffix));
      boolean projection = suffix.startsWith("attn.c_proj") || suffix.startsWith("mlp.c_proj");
      double abs = 0;
      for (float v : z.data()) {
        abs += Math.abs(v);
      }
      if (projection) {
        assertEquals(0, abs, "zero-new: " + suffix + " is zero");
      }
      if (suffix.endsWith("c_fc.weight") || suffix.endsWith("c_attn.weight")) {
        assertTrue(abs > 0, "zero-new: " + suffix + " is random so gradients can flow");
        assertNotEquals(
            s.parameters().get(ParameterNames.layer(1, suffix)),
            random.parameters().get(ParameterNames.layer(2, suffix)));
      }
    }
    assertEquals(0, zero.firstMoments().get(ParameterNames.layer(2, "mlp.c_fc.weight")).data()[0]);
  }

  @Test
  void optimizerResetZeroesMomentsAndStepCountFollowsKeepStep() {
    GptConfig source = Snapshots.config(2, true);
    Snapshot s = Snapshots.random(source, 3);
    Snapshot reset = GrowthOperators.resolve("stack-all").apply(s, source.withLayers(4));
    for (HostTensor m : reset.firstMoments().values()) {
      for (float v : m.data()) {
        assertEquals(0f, v);
      }
    }
    assertEquals(0, reset.counters().optimizerStep());
    assertEquals(0, reset.counters().step(), "a new stage starts its schedule");
    assertEquals(s.counters().tokens(), reset.counters().tokens(), "totals carry over");
    Snapshot kept =
        GrowthOperators.resolve("stack-all(optimizer=copy, keepStep=true, rewarmup=17)")
            .apply(s, source.withLayers(4));
    assertEquals(300, kept.counters().optimizerStep());
    assertEquals(17, kept.config().train().warmup());
  }

  @Test
  void noiseHasTheRequestedRelativeScaleOnCopiesOnly() {
    GptConfig source = Snapshots.config(2, true);
    Snapshot s = Snapshots.random(source, 5);
    Snapshot noisy =
        GrowthOperators.resolve("stack-all(noise=0.1, seed=3)").apply(s, source.withLayers(4));
    String name = "mlp.c_fc.weight";
    assertEquals(
        s.parameters().get(ParameterNames.layer(0, name)),
        noisy.parameters().get(ParameterNames.layer(0, name)),
        "first occurrence untouched");
    float[] original = s.parameters().get(ParameterNames.layer(0, name)).data();
    float[] copy = noisy.parameters().get(ParameterNames.layer(2, name)).data();
    double rms = 0;
    double diff = 0;
    for (int i = 0; i < original.length; i++) {
      rms += original[i] * original[i];
      diff += (copy[i] - original[i]) * (copy[i] - original[i]);
    }
    double relative = Math.sqrt(diff / original.length) / Math.sqrt(rms / original.length);
    // 1,024 draws: the sample std is within 5% of 0.1 with overwhelming probability.
    assertEquals(0.1, relative, 0.005);
  }

  @Test
  void badSpecsAndDepthsAreOneClearMessage() {
    GptConfig source = Snapshots.config(4, true);
    Snapshot s = Snapshots.random(source, 1);
    assertMessage(
        "must be greater than the source depth 4",
        () -> GrowthOperators.resolve("stack-top").apply(s, source.withLayers(4)));
    assertMessage(
        "midas(b=2) cannot reach depth 7 from 4",
        () -> GrowthOperators.resolve("midas(b=2)").apply(s, source.withLayers(7)));
    assertMessage(
        "midas(b=3) cannot split the source's 4 layers",
        () -> GrowthOperators.resolve("midas(b=3)").apply(s, source.withLayers(7)));
    assertMessage(
        "unknown growth operator 'mdas'; known: stack-all, stack-top, midas",
        () -> GrowthOperators.resolve("mdas"));
    assertMessage("unknown argument 'nosie'", () -> GrowthOperators.resolve("midas(nosie=0.1)"));
    assertMessage(
        "optimizer=keep: must be copy or reset",
        () -> GrowthOperators.resolve("midas(optimizer=keep)"));
    assertMessage(
        "expected NAME or NAME(key=value, ...)", () -> GrowthOperators.resolve("midas(b=2"));
    assertMessage(
        "must be a multiple",
        () -> GrowthOperators.resolve("widen").apply(s, source.withDModel(24)));
    assertMessage(
        "map: layers=[0, 1, 4, 3, 2] names layer 4, the source has layers 0..3",
        () -> GrowthOperators.resolve("map(layers=[0,1,4,3,2])").apply(s, source.withLayers(5)));
    assertMessage(
        "map: layers=[0, 1, 2, 3, 3] gives 5 layers, the target has 6",
        () -> GrowthOperators.resolve("map(layers=[0,1,2,3,3])").apply(s, source.withLayers(6)));
    assertMessage(
        "map: layers=[0, x]: every entry must be a whole number",
        () -> GrowthOperators.resolve("map(layers=[0, x])"));
    assertMessage(
        "map: layers=3: expected a list of source layers",
        () -> GrowthOperators.resolve("map(layers=3)"));
    assertMessage("map: layers=[] names no layer", () -> GrowthOperators.resolve("map(layers=[])"));
    assertMessage("map needs layers=[...]", () -> GrowthOperators.resolve("map"));
    assertMessage(
        "solar(m=2) builds 4 layers from 4, not 6",
        () -> GrowthOperators.resolve("solar(m=2)").apply(s, source.withLayers(6)));
    assertMessage(
        "solar cannot reach depth 7 from 4: it builds 2L - 2m layers, an even number from 6 to 8",
        () -> GrowthOperators.resolve("solar").apply(s, source.withLayers(7)));
    assertMessage(
        "solar cannot reach depth 10 from 4",
        () -> GrowthOperators.resolve("solar").apply(s, source.withLayers(10)));
    assertMessage("solar: m=-3 must be >= 0", () -> GrowthOperators.resolve("solar(m=-3)"));
  }

  @Test
  void operatorsListTheirParameters() {
    assertEquals(List.of("b=1"), GrowthOperators.all().get(2).parameters());
  }

  private static void assertMessage(
      String expected, org.junit.jupiter.api.function.Executable call) {
    InvalidInputException e = assertThrows(InvalidInputException.class, call);
    assertTrue(
        e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
