package dev.lag.trainer.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.model.Gpt;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.model.ParameterNames;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * K models of one shape as one: every tensor of {@link dev.lag.trainer.model.Gpt} stacked along a
 * new leading axis of size K, and one forward pass that runs all K on the same tokens. The
 * candidates of a growth point have the same shape and see the same batches, so each linear layer
 * of all K is one batched matmul, attention runs over K times the batch, and every small kernel
 * launch is paid once instead of K times.
 *
 * <p>The computation per member is {@code Gpt}'s: the same names, the same initialised or grown
 * tensors, the same loss. Only the order of floating-point reductions differs (batched kernels
 * block their sums differently), so a member's loss matches the single model's to float rounding,
 * not to the bit.
 */
public final class BatchedGpt implements AutoCloseable {
  private static final float LN_EPS = 1e-5f;

  private final GptConfig config;
  private final int members;
  private final NDManager manager;
  private final Map<String, NDArray> params;
  private final NDArray causalMask;
  private final NDArray attentionScale;
  private final NDArray ones;
  private final NDArray zeros;
  private final NDArray rowOffsets;

  private BatchedGpt(GptConfig config, int members, NDManager manager, Map<String, NDArray> p) {
    this.config = config;
    this.members = members;
    this.manager = manager;
    this.params = Collections.unmodifiableMap(p);
    this.causalMask = Gpt.causalMask(manager, config.seqLen());
    // Tensors PyTorch allocates, not Java numbers: autograd keeps them for the backward pass (see
    // Gpt's attentionScale for why).
    this.attentionScale = manager.full(new Shape(), (float) (1.0 / Math.sqrt(config.headDim())));
    this.ones = manager.ones(new Shape(config.dModel()));
    this.zeros = manager.zeros(new Shape(config.dModel()));
    // Member k's rows of a stacked (K, V, d) table are rows k V .. k V + V - 1 of its (K V, d)
    // view.
    long[] offsets = new long[members];
    for (int k = 0; k < members; k++) {
      offsets[k] = (long) k * config.vocabSize();
    }
    this.rowOffsets = manager.create(offsets, new Shape(members, 1));
  }

  /**
   * The members' tensors (each a map like {@code Gpt.toTensors()}) stacked in the given order, as
   * trainable arrays on {@code parent}'s device.
   */
  public static BatchedGpt stack(
      GptConfig config, List<Map<String, HostTensor>> tensors, NDManager parent) {
    int k = tensors.size();
    if (k == 0) {
      throw new IllegalArgumentException("no member to stack");
    }
    NDManager manager = parent.newSubManager();
    Map<String, NDArray> params = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, long[]> e : ParameterNames.shapes(config).entrySet()) {
        long[] shape = e.getValue();
        int size = Math.toIntExact(ParameterNames.size(shape));
        float[] data = new float[k * size];
        for (int m = 0; m < k; m++) {
          HostTensor t = tensors.get(m).get(e.getKey());
          if (t == null || !Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException(
                "member " + m + ": tensor " + e.getKey() + " missing or of another shape");
          }
          System.arraycopy(t.data(), 0, data, m * size, size);
        }
        NDArray array = manager.create(data, new Shape(k).addAll(new Shape(shape)));
        array.setName(e.getKey());
        array.setRequiresGradient(true);
        params.put(e.getKey(), array);
      }
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    return new BatchedGpt(config, k, manager, params);
  }

  /** The shape every member has. */
  public GptConfig config() {
    return config;
  }

  /** How many models are stacked. */
  public int members() {
    return members;
  }

  /** The manager that owns the stacked tensors; per-step sub-managers hang off it. */
  public NDManager manager() {
    return manager;
  }

  /** The stacked tensors by name, each {@code (K, ...)}; live arrays that optimisers update. */
  public Map<String, NDArray> parameters() {
    return params;
  }

  /** One member's tensors, copied to host memory. */
  public Map<String, HostTensor> member(int k) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    params.forEach(
        (name, a) -> {
          try (NDArray slice = a.get(k)) {
            out.put(name, new HostTensor(slice.getShape().getShape(), slice.toFloatArray()));
          }
        });
    return out;
  }

  /**
   * Each member's mean next-token cross-entropy on the same tokens and targets {@code (B, T)}: a
   * {@code (K)} array. Summing it and differentiating gives every member its own gradient, since no
   * member's tensors reach another's loss.
   */
  public NDArray losses(NDArray tokens, NDArray targets) {
    Shape shape = tokens.getShape();
    long b = shape.get(0);
    long t = shape.get(1);
    NDManager step = tokens.getManager();
    long n = b * t;
    // (K, B T) row indices into the (K V, d) view of the stacked embedding.
    NDArray ids = tokens.reshape(1, n).add(rowOffsets);
    NDArray wte = params.get(ParameterNames.WTE);
    NDArray x =
        Embedding.embedding(ids, onStep(wte.reshape(-1, config.dModel()), step), SparseFormat.DENSE)
            .singletonOrThrow()
            .reshape(members, b, t, config.dModel());
    NDArray wpe = onStep(params.get(ParameterNames.WPE).get(new NDIndex(":, :{}", t)), step);
    x = x.add(onStep(wpe.expandDims(1), step)).reshape(members, n, config.dModel());
    NDArray mask =
        t == config.seqLen()
            ? causalMask
            : onStep(causalMask.get(new NDIndex(":{}, :{}", t, t)), step);
    for (int layer = 0; layer < config.layers(); layer++) {
      x = block(x, layer, b, t, mask);
    }
    x = layerNorm(x, ParameterNames.LN_F_WEIGHT, ParameterNames.LN_F_BIAS);
    NDArray head =
        params.get(config.tiedEmbeddings() ? ParameterNames.WTE : ParameterNames.LM_HEAD);
    NDArray logProbs = x.matMul(onStep(head.transpose(0, 2, 1), step)).logSoftmax(-1);
    NDArray index = targets.reshape(1, n, 1).broadcast(new Shape(members, n, 1));
    return logProbs.gather(index, -1).reshape(members, n).mean(new int[] {1}).neg();
  }

  private NDArray block(NDArray x, int layer, long b, long t, NDArray mask) {
    NDArray h = layerNorm(x, name(layer, "ln_1.weight"), name(layer, "ln_1.bias"));
    x = x.add(attention(h, layer, b, t, mask));
    h = layerNorm(x, name(layer, "ln_2.weight"), name(layer, "ln_2.bias"));
    h = linear(h, layer, "mlp.c_fc");
    return x.add(linear(Activation.gelu(h), layer, "mlp.c_proj"));
  }

  private NDArray attention(NDArray x, int layer, long b, long t, NDArray mask) {
    int heads = config.heads();
    int hd = config.headDim();
    // (K, B T, 3d) -> (3, K B, H, T, hd): attention of K members over B windows is attention over
    // K B windows.
    NDArray qkv =
        linear(x, layer, "attn.c_attn")
            .reshape(members * b, t, 3, heads, hd)
            .transpose(2, 0, 3, 1, 4);
    NDList parts = qkv.split(3, 0); // as Gpt's: a split's backward is cheaper than selects'
    NDArray q = parts.get(0).squeeze(0).mul(attentionScale);
    NDArray k = parts.get(1).squeeze(0);
    NDArray v = parts.get(2).squeeze(0);
    NDArray att = q.matMul(k.transpose(0, 1, 3, 2)).add(mask).softmax(-1);
    NDArray y = att.matMul(v).transpose(0, 2, 1, 3).reshape(members, b * t, (long) config.dModel());
    return linear(y, layer, "attn.c_proj");
  }

  /** {@code x W^T + b} for each member: one batched matmul over K. */
  private NDArray linear(NDArray x, int layer, String module) {
    NDArray w = params.get(name(layer, module + ".weight"));
    NDArray bias = params.get(name(layer, module + ".bias"));
    NDManager step = x.getManager();
    return x.matMul(onStep(w.transpose(0, 2, 1), step)).add(onStep(bias.expandDims(1), step));
  }

  /** The fused normalisation of every member, then each member's own gain and bias. */
  private NDArray layerNorm(NDArray x, String weight, String bias) {
    NDArray normed =
        LayerNorm.layerNorm(x, new Shape(config.dModel()), ones, zeros, LN_EPS).singletonOrThrow();
    NDManager step = x.getManager();
    return normed
        .mul(onStep(params.get(weight).expandDims(1), step))
        .add(onStep(params.get(bias).expandDims(1), step));
  }

  /**
   * A view of a stacked tensor, handed to the step's manager: views are made in their source's
   * manager, and the model's would keep every step's views alive. Closing the step frees them.
   */
  private static NDArray onStep(NDArray view, NDManager step) {
    view.attach(step);
    return view;
  }

  private static String name(int layer, String suffix) {
    return ParameterNames.layer(layer, suffix);
  }

  /** Frees every stacked tensor. */
  @Override
  public void close() {
    manager.close();
  }
}
