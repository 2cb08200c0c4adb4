package dev.lag.strategies.layout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.strategies.GrowthOperators;
import dev.lag.strategies.LayerMapOperator;
import dev.lag.strategies.Modifiers;
import dev.lag.trainer.model.HostTensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayoutGrowthTest {
  /** A two-block Llama whose every tensor holds its block index (embeddings: -1). */
  static Map<String, HostTensor> llama(int layers) {
    Map<String, HostTensor> t = new LinkedHashMap<>();
    t.put("model.embed_tokens.weight", filled(-1, 8, 4));
    for (int i = 0; i < layers; i++) {
      for (String s :
          List.of(
              "input_layernorm.weight",
              "self_attn.q_proj.weight",
              "self_attn.o_proj.weight",
              "post_attention_layernorm.weight",
              "mlp.down_proj.weight")) {
        t.put("model.layers." + i + "." + s, filled(i, 4, 4));
      }
    }
    t.put("model.norm.weight", filled(-1, 4));
    t.put("lm_head.weight", filled(-1, 8, 4));
    return t;
  }

  static HostTensor filled(float v, long... shape) {
    HostTensor t = HostTensor.zeros(shape);
    java.util.Arrays.fill(t.data(), v);
    return t;
  }

  static LayerMapOperator op(String spec) {
    return (LayerMapOperator) GrowthOperators.resolve(spec).operator();
  }

  @Test
  void copiesRenumberBlocksAndKeepEverythingElse() {
    LayoutGrowth.Result r =
        LayoutGrowth.grow(llama(2), Layout.HF_LLAMA, op("stack-top"), Modifiers.DEFAULT, 4);
    assertArrayEquals(new int[] {0, 1, 0, 1}, r.layerMap());
    assertEquals(2 + 4 * 5 + 1, r.tensors().size());
    assertEquals(1f, r.tensors().get("model.layers.3.self_attn.q_proj.weight").data()[0]);
    assertEquals(0f, r.tensors().get("model.layers.2.mlp.down_proj.weight").data()[0]);
    assertEquals(-1f, r.tensors().get("lm_head.weight").data()[0]);
    assertEquals(
        List.of("model.embed_tokens.weight", "model.layers.0.input_layernorm.weight"),
        r.tensors().keySet().stream().limit(2).toList(),
        "the source's order, blocks renumbered in place");
  }

  @Test
  void newBlocksOfAFunctionPreservingOperatorWriteNothingIntoTheResidualStream() {
    Map<String, HostTensor> grown =
        LayoutGrowth.grow(llama(2), Layout.HF_LLAMA, op("zero-new"), Modifiers.DEFAULT, 3)
            .tensors();
    assertEquals(0f, grown.get("model.layers.2.self_attn.o_proj.weight").data()[5]);
    assertEquals(0f, grown.get("model.layers.2.mlp.down_proj.weight").data()[5]);
    assertEquals(1f, grown.get("model.layers.2.input_layernorm.weight").data()[3], "gain 1");
    float q = grown.get("model.layers.2.self_attn.q_proj.weight").data()[5];
    assertTrue(q != 0 && Math.abs(q) < 0.2, "random N(0, 0.02): " + q);
  }

  @Test
  void layoutsAreDetectedFromTheTensorNames() {
    assertEquals(Layout.HF_LLAMA, Layout.detect(llama(1)));
    Map<String, HostTensor> gpt = new LinkedHashMap<>();
    gpt.put("transformer.h.0.attn.c_attn.weight", filled(0, 4, 12));
    assertEquals(Layout.HF_GPT2, Layout.detect(gpt), "Conv1D (in, out)");
    gpt.put("transformer.h.0.attn.c_attn.weight", filled(0, 12, 4));
    assertEquals(Layout.NANOGPT, Layout.detect(gpt), "nn.Linear (out, in)");
    Map<String, HostTensor> hub = new LinkedHashMap<>();
    hub.put("h.0.attn.c_attn.weight", filled(0, 4, 12));
    assertEquals(Layout.HF_GPT2, Layout.detect(hub), "the hub's files drop transformer.");
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> Layout.detect(Map.of("encoder.w", filled(0, 2))));
    assertTrue(e.getMessage().startsWith("--layout=auto: no tensor named like"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> Layout.parse("hf-bert"));
  }

  @Test
  void aBlockMissingATensorOrADepthTheOperatorCannotReachIsRefusedByName() {
    Map<String, HostTensor> broken = llama(2);
    broken.remove("model.layers.1.mlp.down_proj.weight");
    InvalidInputException missing =
        assertThrows(
            InvalidInputException.class,
            () -> LayoutGrowth.grow(broken, Layout.HF_LLAMA, op("midas"), Modifiers.DEFAULT, 4));
    assertTrue(
        missing.getMessage().startsWith("tensor=model.layers.1.mlp.down_proj.weight: missing"),
        missing.getMessage());
    InvalidInputException shallow =
        assertThrows(
            InvalidInputException.class,
            () -> LayoutGrowth.grow(llama(2), Layout.HF_LLAMA, op("midas"), Modifiers.DEFAULT, 2));
    assertTrue(shallow.getMessage().startsWith("--depth=2: must be more"), shallow.getMessage());
    InvalidInputException wrong =
        assertThrows(
            InvalidInputException.class,
            () -> LayoutGrowth.grow(llama(2), Layout.HF_GPT2, op("midas"), Modifiers.DEFAULT, 4));
    assertTrue(wrong.getMessage().contains("no block tensors of that layout"), wrong.getMessage());
  }
}
