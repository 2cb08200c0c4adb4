package dev.lag.trainer.model;

import java.nio.charset.StandardCharsets;

/**
 * Splits one root seed into independent streams by name (SplitMix64 over the name's bytes), so that
 * adding a candidate or a tensor never shifts the random numbers of another.
 */
public final class Seeds {
  private Seeds() {}

  /** The seed of the stream called {@code name} under {@code root}. */
  public static long derive(long root, String name) {
    long h = mix(root);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = mix(h ^ (b & 0xff));
    }
    return h;
  }

  /** SplitMix64's finaliser: a bijective, well-mixed hash of a long. */
  public static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
