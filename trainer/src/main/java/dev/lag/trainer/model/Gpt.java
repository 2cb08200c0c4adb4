package dev.lag.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import dev.lag.trainer.config.GptConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A GPT-2 style decoder in one file: token and learned position embeddings, pre-LayerNorm blocks
 * (causal self-attention with a fused QKV projection, GELU MLP), final LayerNorm and an output head
 * that may share the token embedding.
 *
 * <p>The model is a map of named tensors (nanoGPT's names, see {@link ParameterNames}) and a pure
 * forward function over them, rather than a tree of DJL blocks: growth operators, checkpoints and
 * the optimiser all address tensors by name, and a forward pass can run any sequence of layers
 * ({@code [0, 1, 0, 1]}, a random sub-path), which layer-stacking methods need.
 *
 * <p>Memory rule: every intermediate result is created in the manager of the input tokens (each op
 * puts its result in its first operand's manager, so activations always come first). Give the
 * forward pass tokens from a per-step sub-manager and close it after the step.
 */
public final class Gpt implements AutoCloseable {
  private static final float LN_EPS = 1e-5f;

  private final GptConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> params;
  private final NDArray causalMask;
  private final NDArray attentionScale;
  // MSG's mask ramp: layer i's output is x + blends[i] (block(x) - x). 1 everywhere unless a ramp
  // is active, and a layer at 1 runs the plain block, so the ramp costs nothing when it is off.
  private final float[] blends;

  private Gpt(GptConfig config, NDManager manager, Map<String, NDArray> params) {
    this.config = config;
    this.manager = manager;
    this.params = Collections.unmodifiableMap(params);
    this.causalMask = causalMask(manager, config.seqLen());
    // Autograd keeps the scale for the backward pass. A scalar passed as a Java number would live
    // in a Java direct buffer that DJL frees as soon as the op returns, so the garbage collector
    // could reuse its memory before the backward pass reads it (seen: results that changed with GC
    // timing). This tensor is allocated by PyTorch and lives as long as the model.
    this.attentionScale = manager.full(new Shape(), (float) (1.0 / Math.sqrt(config.headDim())));
    this.blends = new float[config.layers()];
    java.util.Arrays.fill(blends, 1f);
  }

  /**
   * A freshly initialised model (nanoGPT's scheme); each tensor's values depend only on the seed
   * and its name.
   */
  public static Gpt initialize(GptConfig config, NDManager parent, long seed) {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    ParameterNames.shapes(config)
        .forEach((name, shape) -> tensors.put(name, initialValue(config, name, shape, seed)));
    return fromTensors(config, parent, tensors);
  }

  /**
   * A model whose tensors are copies of the given host tensors. Every tensor the config needs must
   * be present with the right shape.
   */
  public static Gpt fromTensors(
      GptConfig config, NDManager parent, Map<String, HostTensor> tensors) {
    NDManager manager = parent.newSubManager();
    Map<String, NDArray> params = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, long[]> e : ParameterNames.shapes(config).entrySet()) {
        HostTensor t = tensors.get(e.getKey());
        if (t == null) {
          throw new IllegalArgumentException("missing tensor " + e.getKey());
        }
        if (!java.util.Arrays.equals(t.shape(), e.getValue())) {
          throw new IllegalArgumentException(
              "tensor "
                  + e.getKey()
                  + " has shape "
                  + java.util.Arrays.toString(t.shape())
                  + " but the config needs "
                  + java.util.Arrays.toString(e.getValue()));
        }
        NDArray array = manager.create(t.data(), new Shape(t.shape()));
        array.setName(e.getKey());
        array.setRequiresGradient(true);
        params.put(e.getKey(), array);
      }
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    return new Gpt(config, manager, params);
  }

  /** The model's shape. */
  public GptConfig config() {
    return config;
  }

  /** The manager that owns the parameters; per-step sub-managers hang off it. */
  public NDManager manager() {
    return manager;
  }

  /** All tensors by name, in a stable order. The arrays are live: optimisers update them. */
  public Map<String, NDArray> parameters() {
    return params;
  }

  /** Copies every tensor to host memory. */
  public Map<String, HostTensor> toTensors() {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    params.forEach(
        (name, a) -> out.put(name, new HostTensor(a.getShape().getShape(), a.toFloatArray())));
    return out;
  }

  /**
   * Sets the mask of a ramp (MSG, Yao et al. 2024): each listed layer's output becomes {@code x + m
   * (block(x) - x)}, so at m = 0 the layer passes its input through unchanged and at m = 1 it is
   * the plain block. The other layers keep theirs.
   */
  public void setBlend(int[] layers, float m) {
    for (int layer : layers) {
      blends[layer] = m;
    }
  }

  /** The ramp mask of one layer: 1 unless a ramp is blending it in. */
  public float blend(int layer) {
    return blends[layer];
  }

  /** Total number of scalars. */
  public long parameterCount() {
    long n = 0;
    for (NDArray p : params.values()) {
      n += p.size();
    }
    return n;
  }

  /** Logits {@code (B, T, vocab)} for tokens {@code (B, T)}, running every layer in order. */
  public NDArray forward(NDArray tokens) {
    return forward(tokens, null);
  }

  /**
   * Logits for tokens, running the given layers in the given order ({@code null}: all, in order). A
   * layer may appear more than once; layers not listed are skipped and pass the residual through.
   */
  public NDArray forward(NDArray tokens, int[] layerPath) {
    return forward(tokens, layerPath, null);
  }

  /**
   * Logits for tokens through a path of layers whose residual branches are scaled: layer {@code
   * layerPath[i]} adds {@code scales[i]} times its attention and MLP outputs to the residual stream
   * (random path training rescales the layers it keeps; {@code null}: all 1).
   */
  public NDArray forward(NDArray tokens, int[] layerPath, float[] scales) {
    long t = tokens.getShape().get(1);
    NDManager step = tokens.getManager();
    NDArray positions = step.arange(0, (int) t, 1, DataType.INT64);
    NDArray x =
        embed(tokens, params.get(ParameterNames.WTE))
            .add(embed(positions, params.get(ParameterNames.WPE)));
    NDArray mask = t == config.seqLen() ? causalMask : causalMask(step, (int) t);
    int n = layerPath == null ? config.layers() : layerPath.length;
    // A scale is a tensor PyTorch allocates in the step's manager: autograd keeps it until the
    // backward pass (see attentionScale for why not a Java number). The kept layers of a path
    // share one scale, so one tensor per value serves the whole step.
    NDArray scale = null;
    float scaleValue = 1f;
    for (int i = 0; i < n; i++) {
      int layer = layerPath == null ? i : layerPath[i];
      float s = scales == null ? 1f : scales[i];
      if (s != 1f && s != scaleValue) {
        scale = step.full(new Shape(), s);
        scaleValue = s;
      }
      NDArray y = block(x, layer, mask, s == 1f ? null : scale);
      // x + m (y - x): exactly x at m = 0, so a ramped layer starts function-preserving.
      x = blends[layer] == 1f ? y : x.add(y.sub(x).mul(step.full(new Shape(), blends[layer])));
    }
    x = layerNorm(x, ParameterNames.LN_F_WEIGHT, ParameterNames.LN_F_BIAS);
    NDArray head =
        params.get(config.tiedEmbeddings() ? ParameterNames.WTE : ParameterNames.LM_HEAD);
    return Linear.linear(x, head, null).singletonOrThrow();
  }

  /** Mean next-token cross-entropy of {@code targets} given {@code tokens}, both {@code (B, T)}. */
  public NDArray loss(NDArray tokens, NDArray targets, int[] layerPath) {
    return loss(tokens, targets, layerPath, null);
  }

  /** Mean next-token cross-entropy through a scaled path of layers (see {@link #forward}). */
  public NDArray loss(NDArray tokens, NDArray targets, int[] layerPath, float[] scales) {
    NDArray logProbs = forward(tokens, layerPath, scales).logSoftmax(-1);
    return logProbs.gather(targets.expandDims(-1), -1).mean().neg();
  }

  /** Mean next-token cross-entropy with every layer in order. */
  public NDArray loss(NDArray tokens, NDArray targets) {
    return loss(tokens, targets, null);
  }

  /**
   * One pre-LayerNorm block; {@code scale} (a tensor of the step, or null) scales both branches.
   */
  private NDArray block(NDArray x, int layer, NDArray mask, NDArray scale) {
    NDArray h = layerNorm(x, name(layer, "ln_1.weight"), name(layer, "ln_1.bias"));
    x = x.add(scaled(attention(h, layer, mask), scale));
    h = layerNorm(x, name(layer, "ln_2.weight"), name(layer, "ln_2.bias"));
    h = linear(h, layer, "mlp.c_fc");
    h = linear(Activation.gelu(h), layer, "mlp.c_proj");
    return x.add(scaled(h, scale));
  }

  private static NDArray scaled(NDArray branch, NDArray scale) {
    return scale == null ? branch : branch.mul(scale);
  }

  private NDArray attention(NDArray x, int layer, NDArray mask) {
    Shape shape = x.getShape();
    long b = shape.get(0);
    long t = shape.get(1);
    int heads = config.heads();
    int hd = config.headDim();
    // (B, T, 3d) -> (3, B, H, T, hd): one matmul for Q, K and V, then views.
    NDArray qkv =
        linear(x, layer, "attn.c_attn").reshape(b, t, 3, heads, hd).transpose(2, 0, 3, 1, 4);
    // Split, not three selects: the backward of a split is one concatenation, that of each select
    // a zero-filled tensor of qkv's size that the three then sum.
    NDList parts = qkv.split(3, 0);
    NDArray q = parts.get(0).squeeze(0).mul(attentionScale);
    NDArray k = parts.get(1).squeeze(0);
    NDArray v = parts.get(2).squeeze(0);
    NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).add(mask).softmax(-1);
    NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, config.dModel());
    return linear(y, layer, "attn.c_proj");
  }

  private NDArray linear(NDArray x, int layer, String module) {
    return Linear.linear(
            x,
            params.get(name(layer, module + ".weight")),
            params.get(name(layer, module + ".bias")))
        .singletonOrThrow();
  }

  private NDArray layerNorm(NDArray x, String weight, String bias) {
    return LayerNorm.layerNorm(
            x, new Shape(config.dModel()), params.get(weight), params.get(bias), LN_EPS)
        .singletonOrThrow();
  }

  private static NDArray embed(NDArray ids, NDArray table) {
    return Embedding.embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
  }

  private static String name(int layer, String suffix) {
    return ParameterNames.layer(layer, suffix);
  }

  /** Additive causal mask {@code (T, T)}: 0 on and below the diagonal, -inf above. */
  public static NDArray causalMask(NDManager manager, int t) {
    float[] mask = new float[t * t];
    for (int i = 0; i < t; i++) {
      for (int j = i + 1; j < t; j++) {
        mask[i * t + j] = Float.NEGATIVE_INFINITY;
      }
    }
    return manager.create(mask, new Shape(t, t));
  }

  /**
   * nanoGPT's initialisation: N(0, 0.02), residual projections scaled by 1/sqrt(2L), LayerNorm 1/0.
   */
  public static HostTensor initialValue(GptConfig config, String name, long[] shape, long seed) {
    HostTensor t = HostTensor.zeros(shape);
    String suffix = ParameterNames.suffix(name);
    if (suffix.endsWith("bias")) {
      return t;
    }
    if (suffix.startsWith("ln_")) {
      java.util.Arrays.fill(t.data(), 1f);
      return t;
    }
    double std = suffix.endsWith("c_proj.weight") ? 0.02 / Math.sqrt(2.0 * config.layers()) : 0.02;
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, "init/" + name));
    float[] data = t.data();
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) (random.nextGaussian() * std);
    }
    return t;
  }

  /** Frees every parameter and the mask. */
  @Override
  public void close() {
    manager.close();
  }
}
