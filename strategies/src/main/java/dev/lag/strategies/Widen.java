package dev.lag.strategies;

import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.model.ParameterNames;
import dev.lag.trainer.model.Seeds;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Function-preserving widening of {@code dModel} (and the MLP) by an integer factor f, in the
 * spirit of HyperCloning (Samragh et al., 2024) and Net2WiderNet (Chen et al., ICLR 2016): the
 * widened model's logits equal the source's.
 *
 * <p>Scheme: the residual stream is cloned, {@code x' = [x, x, ...]} (f tiles). Every linear layer
 * becomes the f-by-f block matrix of its weights divided by f, so a cloned input gives a cloned
 * output; LayerNorm sees the same mean and variance on a cloned vector. The number of heads is
 * kept, so each head widens from hd to f hd: inside a head the query, key and value are cloned per
 * head, and the query rows are scaled by 1/sqrt(f) so that the scores, scaled by 1/sqrt(f hd), are
 * unchanged. The head reads f copies of the final stream, so the untied head (or, when tied, the
 * final LayerNorm) is divided by f. HyperCloning's choice of cloning over Net2WiderNet's random
 * unit splitting is what makes the match exact rather than expected.
 *
 * <p>Clones receive identical gradients and stay identical unless something breaks the symmetry:
 * use the {@code noise} modifier. AdamW moments restart at zero by default; with {@code
 * optimizer=copy} each clone gets its source's moments rescaled to the gradient it will see (see
 * {@code Cloning.moment}), so the first updates continue the source's.
 */
public final class Widen implements GrowthOperator {
  @Override
  public void check(GptConfig source, GptConfig target) {
    if (!source.withDModel(target.dModel()).equals(target)) {
      throw new GrowthException(
          "widen changes only dModel (and with it the MLP and head width); target "
              + target
              + " differs from "
              + source
              + " in another key");
    }
    if (target.dModel() <= source.dModel() || target.dModel() % source.dModel() != 0) {
      throw new GrowthException(
          "widen: target dModel="
              + target.dModel()
              + " must be a multiple (2x, 3x, ...) of the source's "
              + source.dModel());
    }
  }

  @Override
  public Snapshot grow(Snapshot source, GptConfig target, Modifiers modifiers) {
    GptConfig from = source.config().model();
    check(from, target);
    int f = target.dModel() / from.dModel();
    int d = from.dModel();
    int hd = from.headDim();
    int[] resid = tile(d, f);
    int[] hidden = tile(from.mlpDim(), f);
    int[] heads = new int[f * d];
    for (int j = 0; j < heads.length; j++) {
      heads[j] = (j / (f * hd)) * hd + (j % (f * hd)) % hd;
    }
    int[] qkv = new int[3 * f * d];
    double[] qkvScale = new double[qkv.length];
    for (int o = 0; o < qkv.length; o++) {
      int part = o / (f * d);
      qkv[o] = part * d + heads[o % (f * d)];
      qkvScale[o] = part == 0 ? 1 / Math.sqrt(f) : 1;
    }
    double lnFinal = from.tiedEmbeddings() ? 1.0 / f : 1.0;

    Map<String, HostTensor> params = new LinkedHashMap<>();
    Map<String, HostTensor> first = new LinkedHashMap<>();
    Map<String, HostTensor> second = new LinkedHashMap<>();
    for (Map.Entry<String, HostTensor> e : source.parameters().entrySet()) {
      String name = e.getKey();
      HostTensor t = e.getValue();
      Cloning cloning =
          switch (ParameterNames.suffix(name)) {
            case ParameterNames.WTE, ParameterNames.WPE ->
                new Cloning(identity(t.shape()[0]), resid, null, 1);
            case ParameterNames.LM_HEAD ->
                new Cloning(identity(t.shape()[0]), resid, null, 1.0 / f);
            case ParameterNames.LN_F_WEIGHT, ParameterNames.LN_F_BIAS ->
                new Cloning(resid, null, null, lnFinal);
            case "attn.c_attn.weight" -> new Cloning(qkv, resid, qkvScale, 1.0 / f);
            case "attn.c_attn.bias" -> new Cloning(qkv, null, qkvScale, 1);
            case "attn.c_proj.weight" -> new Cloning(resid, heads, null, 1.0 / f);
            case "mlp.c_fc.weight" -> new Cloning(hidden, resid, null, 1.0 / f);
            case "mlp.c_fc.bias" -> new Cloning(hidden, null, null, 1);
            case "mlp.c_proj.weight" -> new Cloning(resid, hidden, null, 1.0 / f);
            default -> new Cloning(resid, null, null, 1); // LayerNorms and the remaining biases
          };
      HostTensor grown = cloning.apply(t);
      if (modifiers.noise() > 0 && grown.shape().length == 2) {
        LayerMapOperator.addNoise(
            grown, modifiers.noise(), Seeds.derive(modifiers.seed(), "noise/" + name));
      }
      params.put(name, grown);
      if (modifiers.optimizer() == GrowthOptimizer.COPY) {
        first.put(name, cloning.moment(source.firstMoments().get(name), t.data().length, 1));
        second.put(name, cloning.moment(source.secondMoments().get(name), t.data().length, 2));
      } else {
        first.put(name, HostTensor.zeros(grown.shape()));
        second.put(name, HostTensor.zeros(grown.shape()));
      }
    }
    return new Snapshot(
        LayerMapOperator.retarget(source.config(), target, modifiers, new int[0]),
        params,
        first,
        second,
        LayerMapOperator.counters(source.counters(), modifiers));
  }

  private static int[] tile(int n, int f) {
    int[] map = new int[n * f];
    for (int i = 0; i < map.length; i++) {
      map[i] = i % n;
    }
    return map;
  }

  private static int[] identity(long n) {
    int[] map = new int[(int) n];
    for (int i = 0; i < map.length; i++) {
      map[i] = i;
    }
    return map;
  }

  /**
   * How a widened tensor is cloned from its source: {@code new[o][i] = old[rows[o]][cols[i]] *
   * rowScale[o] * scale}, or {@code new[o] = old[rows[o]] * rowScale[o] * scale} for a vector
   * ({@code cols} null; {@code rowScale} null: all 1).
   */
  private record Cloning(int[] rows, int[] cols, double[] rowScale, double scale) {
    HostTensor apply(HostTensor t) {
      return apply(t, o -> scale * (rowScale == null ? 1 : rowScale[o]));
    }

    /**
     * An AdamW moment of the clone. If each source element has n clones, each its value times c,
     * then moving the source element by d moves the function as moving every clone by c d, so a
     * clone's gradient is 1 / (n c) of its source's: the first moment scales by that, the second
     * ({@code power} 2) by its square. For a plain split in two (n 2 along the input, c 1/2) that
     * is staged training's rule (Shen et al. 2022), halved and quartered.
     */
    HostTensor moment(HostTensor m, int sourceSize, int power) {
      double clones = (double) rows.length * (cols == null ? 1 : cols.length) / sourceSize;
      return apply(
          m, o -> Math.pow(1 / (clones * scale * (rowScale == null ? 1 : rowScale[o])), power));
    }

    private HostTensor apply(HostTensor t, java.util.function.IntToDoubleFunction rowFactor) {
      if (cols == null) {
        float[] out = new float[rows.length];
        for (int o = 0; o < rows.length; o++) {
          out[o] = (float) (t.data()[rows[o]] * rowFactor.applyAsDouble(o));
        }
        return new HostTensor(new long[] {rows.length}, out);
      }
      int oldCols = (int) t.shape()[1];
      float[] out = new float[rows.length * cols.length];
      for (int o = 0; o < rows.length; o++) {
        double s = rowFactor.applyAsDouble(o);
        int base = rows[o] * oldCols;
        for (int i = 0; i < cols.length; i++) {
          out[o * cols.length + i] = (float) (t.data()[base + cols[i]] * s);
        }
      }
      return new HostTensor(new long[] {rows.length, cols.length}, out);
    }
  }
}
