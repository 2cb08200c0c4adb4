package dev.lag.trainer.batch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lag.trainer.config.TrainConfig;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.model.ParameterNames;
import dev.lag.trainer.optim.AdamW;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link dev.lag.trainer.optim.AdamW} for K stacked members: one moment tensor {@code (K, ...)} per
 * name and one update kernel per name for all K. The members share the learning rate and the step
 * count (a batch only holds members on the same schedule); each member's gradient is first scaled
 * by its own clipping factor, which is how clipping by each member's global norm stays per member
 * inside one kernel. The kernel is the one {@code AdamW} runs, so a member's update equals its
 * sequential update given the same gradient.
 */
public final class BatchedAdamW implements AutoCloseable {
  private final NDManager manager;
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private final Map<String, NDArray> first = new LinkedHashMap<>();
  private final Map<String, NDArray> second = new LinkedHashMap<>();
  private final Map<String, Boolean> decays = new LinkedHashMap<>();
  private long stepCount;

  /**
   * Stacks the members' moments.
   *
   * @param model the stacked model (names and shapes)
   * @param firstMoments each member's {@code exp_avg} by name, in member order
   * @param secondMoments each member's {@code exp_avg_sq} by name, in member order
   * @param config beta1, beta2, eps and weight decay
   * @param stepCount updates behind the moments (the same for every member)
   */
  public BatchedAdamW(
      BatchedGpt model,
      List<Map<String, HostTensor>> firstMoments,
      List<Map<String, HostTensor>> secondMoments,
      TrainConfig config,
      long stepCount) {
    this.manager = model.manager().newSubManager();
    this.beta1 = (float) config.beta1();
    this.beta2 = (float) config.beta2();
    this.eps = (float) config.eps();
    this.weightDecay = (float) config.weightDecay();
    this.stepCount = stepCount;
    model
        .parameters()
        .forEach(
            (name, p) -> {
              long[] member =
                  Arrays.copyOfRange(p.getShape().getShape(), 1, p.getShape().dimension());
              first.put(name, stacked(firstMoments, name, p.getShape()));
              second.put(name, stacked(secondMoments, name, p.getShape()));
              decays.put(name, ParameterNames.decays(name, member));
            });
  }

  private NDArray stacked(List<Map<String, HostTensor>> moments, String name, Shape shape) {
    float[] data = new float[Math.toIntExact(shape.size())];
    int size = data.length / moments.size();
    for (int k = 0; k < moments.size(); k++) {
      System.arraycopy(moments.get(k).get(name).data(), 0, data, k * size, size);
    }
    return manager.create(data, shape);
  }

  /** Updates behind the moments. */
  public long stepCount() {
    return stepCount;
  }

  /**
   * One update of every stacked tensor from its gradient, each member's gradient scaled by its own
   * factor first (its clipping factor; 0 for a member that diverged, which then stays as it is but
   * for weight decay); then zeroes the gradients.
   *
   * @param parameters the stacked tensors by name
   * @param lr the learning rate of this step (shared by the members)
   * @param memberScale per member, the factor its gradient is multiplied by
   * @param scope the step's manager, for temporaries
   */
  public void step(
      Map<String, NDArray> parameters, double lr, float[] memberScale, NDManager scope) {
    stepCount++;
    float stepSize = AdamW.stepSize(lr, beta1, beta2, stepCount);
    NDArray scale = scope.create(memberScale, new Shape(memberScale.length));
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      NDArray p = e.getValue();
      try (NDArray grad = p.getGradient()) {
        Shape shape = p.getShape();
        long[] broadcast = new long[shape.dimension()];
        Arrays.fill(broadcast, 1);
        broadcast[0] = memberScale.length;
        try (NDArray factor = scale.reshape(new Shape(broadcast))) {
          grad.muli(factor);
        }
        for (int k = 0; k < memberScale.length; k++) {
          if (memberScale[k] == 0f) {
            // A diverged member's gradient may hold NaN, which a factor of 0 keeps.
            grad.set(new ai.djl.ndarray.index.NDIndex(k), 0f);
          }
        }
        float wd = decays.get(e.getKey()) ? weightDecay : 0f;
        p.getNDArrayInternal()
            .adamUpdate(
                new NDList(p, grad, first.get(e.getKey()), second.get(e.getKey())),
                new NDList(p),
                (float) lr,
                stepSize,
                wd,
                1f,
                -1f,
                beta1,
                beta2,
                eps,
                false,
                true);
      }
    }
  }

  /** One member's first moments, copied to host memory. */
  public Map<String, HostTensor> firstMoments(int k) {
    return member(first, k);
  }

  /** One member's second moments, copied to host memory. */
  public Map<String, HostTensor> secondMoments(int k) {
    return member(second, k);
  }

  private static Map<String, HostTensor> member(Map<String, NDArray> stacked, int k) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    stacked.forEach(
        (name, a) -> {
          try (NDArray slice = a.get(k)) {
            out.put(name, new HostTensor(slice.getShape().getShape(), slice.toFloatArray()));
          }
        });
    return out;
  }

  /** Frees the moments. */
  @Override
  public void close() {
    manager.close();
  }
}
