package dev.lag.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lag.trainer.config.TrainConfig;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.model.ParameterNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * AdamW (decoupled weight decay) whose state is addressable by parameter name: growth operators
 * copy or reset the moments of individual layers, and checkpoints store them under the parameter's
 * name. DJL's own Adam keys its state by array id and leaks it when a trainer closes.
 *
 * <p>The update runs in DJL's fused native kernel ({@code adamUpdate}, one JNI call per tensor,
 * which also zeroes the gradient). Its only departure from {@code torch.optim.AdamW} is where
 * epsilon sits: it divides by {@code sqrt(v) + eps} with bias correction folded into the step size
 * (the "epsilon hat" form of the Adam paper), which differs only when {@code sqrt(v)} is near eps.
 */
public final class AdamW implements AutoCloseable {
  private final NDManager manager;
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private final Map<String, Boolean> decays = new LinkedHashMap<>();
  private long stepCount;

  /**
   * Zero moments for every tensor of {@code parameters}, on {@code parent}'s device.
   *
   * @param parameters the model's tensors by name
   * @param config beta1, beta2, eps and weight decay come from here
   * @param parent the moments live in a sub-manager of this one
   */
  public AdamW(Map<String, NDArray> parameters, TrainConfig config, NDManager parent) {
    this.manager = parent.newSubManager();
    this.beta1 = (float) config.beta1();
    this.beta2 = (float) config.beta2();
    this.eps = (float) config.eps();
    this.weightDecay = (float) config.weightDecay();
    parameters.forEach(
        (name, p) -> {
          firstMoments.put(name, manager.zeros(p.getShape()));
          secondMoments.put(name, manager.zeros(p.getShape()));
          decays.put(name, ParameterNames.decays(name, p.getShape().getShape()));
        });
  }

  /** Updates steps taken so far; bias correction depends on it. */
  public long stepCount() {
    return stepCount;
  }

  /** Sets the step count, as when resuming or when a growth operator keeps or resets it. */
  public void setStepCount(long steps) {
    this.stepCount = steps;
  }

  /**
   * One update of every parameter from its accumulated gradient, then zeroes the gradients.
   *
   * @param parameters the model's tensors by name (the same names as at construction)
   * @param lr the learning rate for this step
   * @param gradScale multiplies every gradient first (global-norm clipping passes its factor here)
   */
  public void step(Map<String, NDArray> parameters, double lr, double gradScale) {
    step(parameters, lr, gradScale, name -> 0);
  }

  /**
   * One update of every parameter that has a gradient (a frozen tensor has none: it and its moments
   * stay as they are), then zeroes the gradients.
   *
   * @param parameters the model's tensors by name (the same names as at construction)
   * @param lr the learning rate for this step
   * @param gradScale multiplies every gradient first (global-norm clipping passes its factor here)
   * @param skippedUpdates how many of the counted updates a tensor sat out frozen: its bias
   *     correction counts only the updates it took, as {@code torch.optim.AdamW}'s per-tensor step
   *     does
   */
  public void step(
      Map<String, NDArray> parameters,
      double lr,
      double gradScale,
      ToLongFunction<String> skippedUpdates) {
    stepCount++;
    float shared = stepSize(lr, beta1, beta2, stepCount);
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray p = e.getValue();
      if (!p.hasGradient()) {
        continue;
      }
      long skipped = skippedUpdates.applyAsLong(e.getKey());
      float stepSize = skipped == 0 ? shared : stepSize(lr, beta1, beta2, stepCount - skipped);
      try (NDArray grad = p.getGradient()) {
        float wd = decays.get(e.getKey()) ? weightDecay : 0f;
        p.getNDArrayInternal()
            .adamUpdate(
                new NDList(p, grad, firstMoments.get(e.getKey()), secondMoments.get(e.getKey())),
                new NDList(p),
                (float) lr,
                stepSize,
                wd,
                (float) gradScale,
                -1f,
                beta1,
                beta2,
                eps,
                false,
                true);
      }
    }
  }

  /** The bias-corrected step size of a tensor's {@code t}-th update. */
  public static float stepSize(double lr, float beta1, float beta2, long t) {
    // StrictMath: bit-identical on every JVM and CPU, so workers of a cluster agree to the bit.
    double correction1 = 1 - StrictMath.pow(beta1, t);
    double correction2 = 1 - StrictMath.pow(beta2, t);
    return (float) (lr * Math.sqrt(correction2) / correction1);
  }

  /** The first moments ({@code exp_avg}) as host tensors, by parameter name. */
  public Map<String, HostTensor> firstMoments() {
    return toHost(firstMoments);
  }

  /** The second moments ({@code exp_avg_sq}) as host tensors, by parameter name. */
  public Map<String, HostTensor> secondMoments() {
    return toHost(secondMoments);
  }

  /** Overwrites the moments of the named parameters (the others keep theirs). */
  public void load(Map<String, HostTensor> first, Map<String, HostTensor> second) {
    copyInto(firstMoments, first);
    copyInto(secondMoments, second);
  }

  /**
   * Replaces the named moments with new arrays (rather than writing into the old ones: in-place
   * {@code set} from host data goes through a deprecated libtorch path that prints a warning).
   */
  private void copyInto(Map<String, NDArray> target, Map<String, HostTensor> values) {
    values.forEach(
        (name, t) -> {
          NDArray old = target.get(name);
          if (old == null) {
            throw new IllegalArgumentException("optimizer has no state for " + name);
          }
          if (!old.getShape().equals(new Shape(t.shape()))) {
            throw new IllegalArgumentException(
                "optimizer state "
                    + name
                    + " has shape "
                    + old.getShape()
                    + ", got "
                    + new Shape(t.shape()));
          }
          target.put(name, manager.create(t.data(), new Shape(t.shape())));
          old.close();
        });
  }

  private static Map<String, HostTensor> toHost(Map<String, NDArray> arrays) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    arrays.forEach((n, a) -> out.put(n, new HostTensor(a.getShape().getShape(), a.toFloatArray())));
    return out;
  }

  /** Frees the moments. */
  @Override
  public void close() {
    manager.close();
  }
}
