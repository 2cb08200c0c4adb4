package dev.lag.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.engine.Engines;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("djl")
class GptTest {
  static final GptConfig CONFIG = new GptConfig(256, 32, 4, 2, 16, 4, false);

  @Test
  void shapesNamesAndParameterCount() {
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        Gpt gpt = Gpt.initialize(CONFIG, root, 1)) {
      assertEquals(ParameterNames.shapes(CONFIG).keySet(), gpt.parameters().keySet());
      assertEquals(
          ParameterNames.shapes(CONFIG).values().stream().mapToLong(ParameterNames::size).sum(),
          gpt.parameterCount());
      try (NDManager step = root.newSubManager()) {
        NDArray tokens = step.zeros(new Shape(3, 16), ai.djl.ndarray.types.DataType.INT64);
        assertEquals(new Shape(3, 16, 256), gpt.forward(tokens).getShape());
        assertEquals(new Shape(3, 10, 256), gpt.forward(tokens.get(":, :10")).getShape());
      }
    }
  }

  @Test
  void initialisationDependsOnlyOnSeedAndName() {
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        Gpt a = Gpt.initialize(CONFIG, root, 5);
        Gpt b = Gpt.initialize(CONFIG.withLayers(3), root, 5)) {
      Map<String, HostTensor> ta = a.toTensors();
      Map<String, HostTensor> tb = b.toTensors();
      assertEquals(ta.get(ParameterNames.WTE), tb.get(ParameterNames.WTE));
      assertEquals(
          ta.get("transformer.h.1.mlp.c_fc.weight"), tb.get("transformer.h.1.mlp.c_fc.weight"));
      float[] w = ta.get(ParameterNames.WTE).data();
      double sq = 0;
      for (float v : w) {
        sq += v * v;
      }
      assertEquals(0.02, Math.sqrt(sq / w.length), 0.002, "std of N(0, 0.02)");
    }
  }

  @Test
  void attentionIsCausal() {
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        Gpt gpt = Gpt.initialize(CONFIG, root, 3);
        NDManager step = root.newSubManager()) {
      long[] a = new long[16];
      long[] b = new long[16];
      for (int i = 0; i < 16; i++) {
        a[i] = i;
        b[i] = i < 10 ? i : 200 + i; // same prefix, different future
      }
      float[] la = gpt.forward(step.create(a, new Shape(1, 16))).get(":, :10, :").toFloatArray();
      float[] lb = gpt.forward(step.create(b, new Shape(1, 16))).get(":, :10, :").toFloatArray();
      assertEquals(java.util.Arrays.toString(la), java.util.Arrays.toString(lb));
    }
  }

  @Test
  void gradientsReachEveryParameter() {
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        Gpt gpt = Gpt.initialize(CONFIG, root, 3);
        NDManager step = root.newSubManager()) {
      long[] ids = new long[32];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = (i * 7) % 256;
      }
      NDArray x = step.create(ids, new Shape(2, 16));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(gpt.loss(x, x));
      }
      for (Map.Entry<String, NDArray> e : gpt.parameters().entrySet()) {
        NDArray grad = e.getValue().getGradient();
        grad.attach(step);
        assertTrue(grad.abs().sum().getFloat() > 0, "gradient reaches " + e.getKey());
      }
    }
  }
}
