package dev.lag.trainer.model;

import dev.lag.trainer.config.GptConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nanoGPT's parameter names and shapes, so that a checkpoint loads into a PyTorch GPT unchanged.
 * Linear weights are stored as PyTorch stores them: {@code (out_features, in_features)}.
 */
public final class ParameterNames {
  /** Token embedding, {@code (vocab, d)}. */
  public static final String WTE = "transformer.wte.weight";

  /** Learned position embedding, {@code (seqLen, d)}. */
  public static final String WPE = "transformer.wpe.weight";

  /** Final LayerNorm weight. */
  public static final String LN_F_WEIGHT = "transformer.ln_f.weight";

  /** Final LayerNorm bias. */
  public static final String LN_F_BIAS = "transformer.ln_f.bias";

  /** Output head, {@code (vocab, d)}; absent from the model when embeddings are tied. */
  public static final String LM_HEAD = "lm_head.weight";

  /** The tensors of one block, as suffixes of {@code transformer.h.N.}. */
  public static final List<String> LAYER_SUFFIXES =
      List.of(
          "ln_1.weight",
          "ln_1.bias",
          "attn.c_attn.weight",
          "attn.c_attn.bias",
          "attn.c_proj.weight",
          "attn.c_proj.bias",
          "ln_2.weight",
          "ln_2.bias",
          "mlp.c_fc.weight",
          "mlp.c_fc.bias",
          "mlp.c_proj.weight",
          "mlp.c_proj.bias");

  private static final Pattern LAYER = Pattern.compile("transformer\\.h\\.(\\d+)\\.(.+)");

  private ParameterNames() {}

  /** The name of one tensor of layer {@code index}. */
  public static String layer(int index, String suffix) {
    return "transformer.h." + index + "." + suffix;
  }

  /** The layer a name belongs to, or -1 for embeddings, final LayerNorm and head. */
  public static int layerIndex(String name) {
    Matcher m = LAYER.matcher(name);
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** The suffix of a layer tensor's name ({@code attn.c_attn.weight}), or the name itself. */
  public static String suffix(String name) {
    Matcher m = LAYER.matcher(name);
    return m.matches() ? m.group(2) : name;
  }

  /** Whether AdamW decays this tensor: matrices yes, biases, LayerNorms and vectors no. */
  public static boolean decays(String name, long[] shape) {
    return shape.length >= 2;
  }

  /** Every tensor of a model of this config, with its shape, in a stable order. */
  public static Map<String, long[]> shapes(GptConfig c) {
    long v = c.vocabSize();
    long d = c.dModel();
    long h = c.mlpDim();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put(WTE, new long[] {v, d});
    shapes.put(WPE, new long[] {c.seqLen(), d});
    for (int i = 0; i < c.layers(); i++) {
      shapes.put(layer(i, "ln_1.weight"), new long[] {d});
      shapes.put(layer(i, "ln_1.bias"), new long[] {d});
      shapes.put(layer(i, "attn.c_attn.weight"), new long[] {3 * d, d});
      shapes.put(layer(i, "attn.c_attn.bias"), new long[] {3 * d});
      shapes.put(layer(i, "attn.c_proj.weight"), new long[] {d, d});
      shapes.put(layer(i, "attn.c_proj.bias"), new long[] {d});
      shapes.put(layer(i, "ln_2.weight"), new long[] {d});
      shapes.put(layer(i, "ln_2.bias"), new long[] {d});
      shapes.put(layer(i, "mlp.c_fc.weight"), new long[] {h, d});
      shapes.put(layer(i, "mlp.c_fc.bias"), new long[] {h});
      shapes.put(layer(i, "mlp.c_proj.weight"), new long[] {d, h});
      shapes.put(layer(i, "mlp.c_proj.bias"), new long[] {d});
    }
    shapes.put(LN_F_WEIGHT, new long[] {d});
    shapes.put(LN_F_BIAS, new long[] {d});
    if (!c.tiedEmbeddings()) {
      shapes.put(LM_HEAD, new long[] {v, d});
    }
    return shapes;
  }

  /** Number of scalars in a shape. */
  public static long size(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }
}
