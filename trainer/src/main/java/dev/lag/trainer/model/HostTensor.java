package dev.lag.trainer.model;

import java.util.Arrays;

/**
 * A float32 tensor in host memory: what checkpoints store and what growth operators rearrange. It
 * is independent of any device or NDManager, so it can outlive the model it came from.
 *
 * @param shape the dimensions, outermost first
 * @param data the values in row-major order
 */
public record HostTensor(long[] shape, float[] data) {

  /** Checks that the data fills the shape exactly. */
  public HostTensor {
    if (ParameterNames.size(shape) != data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " needs "
              + ParameterNames.size(shape)
              + " values, got "
              + data.length);
    }
  }

  /** A tensor of zeros. */
  public static HostTensor zeros(long[] shape) {
    return new HostTensor(shape.clone(), new float[Math.toIntExact(ParameterNames.size(shape))]);
  }

  /** A deep copy. */
  public HostTensor copy() {
    return new HostTensor(shape.clone(), data.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HostTensor t
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "HostTensor" + Arrays.toString(shape);
  }
}
