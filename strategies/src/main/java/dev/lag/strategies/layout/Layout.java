package dev.lag.strategies.layout;

import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.model.HostTensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a framework names a transformer's tensors: where the blocks are, which tensors write into the
 * residual stream (zeroed in new layers by function-preserving operators), which are norm gains
 * (new ones start at 1), which are buffers (copied unchanged), and which {@code config.json} key
 * holds the depth.
 */
public enum Layout {
  /** nanoGPT and lag: {@code transformer.h.N.attn.c_attn.weight} as (3d, d), {@code nn.Linear}. */
  NANOGPT(
      "(transformer\\.h\\.)(\\d+)\\.(.+)",
      List.of("attn.c_proj.weight", "attn.c_proj.bias", "mlp.c_proj.weight", "mlp.c_proj.bias"),
      "n_layer",
      List.of("ln_1.weight", "ln_2.weight"),
      List.of("attn.bias")),
  /** Hugging Face GPT-2: the same names, Conv1D weights stored as (in, out): c_attn is (d, 3d). */
  HF_GPT2(
      "(transformer\\.h\\.|h\\.)(\\d+)\\.(.+)",
      List.of("attn.c_proj.weight", "attn.c_proj.bias", "mlp.c_proj.weight", "mlp.c_proj.bias"),
      "n_layer",
      List.of("ln_1.weight", "ln_2.weight"),
      List.of("attn.bias", "attn.masked_bias")),
  /** Hugging Face Llama: separate q/k/v/o projections, SwiGLU MLP, RMSNorm, untied head. */
  HF_LLAMA(
      "(model\\.layers\\.)(\\d+)\\.(.+)",
      List.of("self_attn.o_proj.weight", "self_attn.o_proj.bias", "mlp.down_proj.weight"),
      "num_hidden_layers",
      List.of("input_layernorm.weight", "post_attention_layernorm.weight"),
      List.of("self_attn.rotary_emb.inv_freq"));

  private final Pattern layer;
  private final List<String> residualWriters;
  private final String depthKey;
  private final List<String> gains;
  private final List<String> buffers;

  Layout(
      String layer,
      List<String> residualWriters,
      String depthKey,
      List<String> gains,
      List<String> buffers) {
    this.layer = Pattern.compile(layer);
    this.residualWriters = residualWriters;
    this.depthKey = depthKey;
    this.gains = gains;
    this.buffers = buffers;
  }

  /** How the CLI names it: {@code nanogpt}, {@code hf-gpt2}, {@code hf-llama}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The layout called {@code text}, or an error naming {@code --layout}. */
  public static Layout parse(String text) {
    for (Layout l : values()) {
      if (l.label().equals(text)) {
        return l;
      }
    }
    throw InvalidInputException.field(
        "--layout",
        text,
        "unknown; known: auto, "
            + String.join(", ", Arrays.stream(values()).map(Layout::label).toList()));
  }

  /**
   * The layout the tensor names say: {@code model.layers.N} is Llama; {@code transformer.h.N} is
   * GPT-2 when the attention input projection is stored (in, out) as Conv1D does, else nanoGPT.
   */
  public static Layout detect(Map<String, HostTensor> tensors) {
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      if (HF_LLAMA.layer.matcher(e.getKey()).matches()) {
        return HF_LLAMA;
      }
      Matcher m = HF_GPT2.layer.matcher(e.getKey());
      if (m.matches() && m.group(3).equals("attn.c_attn.weight")) {
        long[] s = e.getValue().shape();
        // The hub's GPT-2 files drop the "transformer." prefix; nanoGPT never does.
        boolean conv1d = s.length == 2 && s[1] == 3 * s[0];
        return conv1d || m.group(1).equals("h.") ? HF_GPT2 : NANOGPT;
      }
    }
    throw InvalidInputException.field(
        "--layout",
        "auto",
        "no tensor named like a known layout's blocks (transformer.h.N.* or model.layers.N.*);"
            + " first names: "
            + String.join(", ", tensors.keySet().stream().limit(3).toList()));
  }

  /** The block a tensor belongs to, or -1 for embeddings, final norm and head. */
  public int layerOf(String name) {
    Matcher m = layer.matcher(name);
    if (!m.matches()) {
      return -1;
    }
    try {
      return Integer.parseInt(m.group(2));
    } catch (NumberFormatException e) {
      throw InvalidInputException.field("tensor", name, "its block index is not a valid number");
    }
  }

  /** A tensor's name within its block: {@code attn.c_proj.weight}. */
  public String suffixOf(String name) {
    Matcher m = layer.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(name + " is not a block tensor");
    }
    return m.group(3);
  }

  /** What precedes a block tensor's index: {@code transformer.h.}, or {@code h.} in hub files. */
  public String prefixOf(String name) {
    Matcher m = layer.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(name + " is not a block tensor");
    }
    return m.group(1);
  }

  /** Whether a block tensor writes into the residual stream (zeroed to preserve the function). */
  public boolean writesResidual(String suffix) {
    return residualWriters.contains(suffix);
  }

  /**
   * Whether a block tensor is a buffer the model code saves with its weights rather than a
   * parameter: nanoGPT's causal mask without flash attention ({@code attn.bias}, a [1, 1, T, T]
   * triangle of ones, not a bias), GPT-2's mask and fill value as older transformers save them,
   * Llama's rotary frequencies. A new block takes block 0's unchanged: never zeroed (a zero mask
   * hides every position, and the softmax of nothing is NaN), noised or drawn at random.
   */
  public boolean isConstant(String suffix) {
    return buffers.contains(suffix);
  }

  /** Whether a block tensor is a norm gain (a new one starts at 1). */
  public boolean isGain(String suffix) {
    return gains.contains(suffix);
  }

  /** The {@code config.json} key that holds the number of blocks. */
  public String depthKey() {
    return depthKey;
  }
}
