package dev.lag.analysis.confidence;

import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Candidates that are one model: their recorded runs are identical point for point, to the last bit
 * of every loss, over at least one trained step. Two growth operators can build the same weights
 * (at 2 -> 4 layers stack-all, stack-top and stack-bottom all repeat both layers), and trained on
 * the same seeds such candidates log the same losses and end alike. Drawn as independent models
 * they split one model's chance of ending best between them and claim too little for each
 * (RESULTS.md, "Twins"); drawn as one, each claims what the model has.
 *
 * <p>A run that has only its growth point to show is no evidence of a twin: function-preserving
 * operators (zero-new, copy-zero) all start at the source's loss and part at the first step.
 *
 * @param first for each candidate, the place of the first candidate that is the same model (its own
 *     place when it has no twin before it)
 */
public record Twins(int[] first) {
  /** A copy of the places. */
  public Twins {
    first = first.clone();
    for (int c = 0; c < first.length; c++) {
      if (first[c] < 0 || first[c] > c || first[first[c]] != first[c]) {
        throw new IllegalArgumentException(
            "twin " + c + " must name the first of its group, not " + first[c]);
      }
    }
  }

  /** No twins among {@code candidates}. */
  public static Twins none(int candidates) {
    return new Twins(IntStream.range(0, candidates).toArray());
  }

  /**
   * The twins among candidates each with one recorded run.
   *
   * @param runs one run per candidate, cut where the pick reads them
   */
  public static Twins of(List<Trajectory> runs) {
    return ofReplicas(runs.stream().map(List::of).toList());
  }

  /**
   * The twins among candidates with seed replicas: two are the same model when every replica's run
   * is identical (the same replicas draw the same data order and new weights for every candidate).
   *
   * @param runs per candidate, its replicas' runs, cut where the pick reads them
   */
  public static Twins ofReplicas(List<List<Trajectory>> runs) {
    int[] first = new int[runs.size()];
    for (int c = 0; c < first.length; c++) {
      first[c] = c;
      for (int d = 0; d < c; d++) {
        if (first[d] == d && same(runs.get(c), runs.get(d))) {
          first[c] = d;
          break;
        }
      }
    }
    return new Twins(first);
  }

  private static boolean same(List<Trajectory> a, List<Trajectory> b) {
    if (a.size() != b.size() || a.isEmpty()) {
      return false;
    }
    for (int r = 0; r < a.size(); r++) {
      if (!same(a.get(r), b.get(r))) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(Trajectory a, Trajectory b) {
    return !a.diverged() && a.samePoints(b) && trainedAfterGrowth(a);
  }

  private static boolean trainedAfterGrowth(Trajectory t) {
    for (Metric m : List.of(Metric.TRAIN_LOSS, Metric.EVAL_LOSS)) {
      long[] steps = t.series(m).steps();
      if (steps.length > 0 && steps[steps.length - 1] > 0) {
        return true;
      }
    }
    return false;
  }

  /** The values of each model's first candidate, in order ({@code values} itself with no twins). */
  public double[] distinct(double[] values) {
    return any() ? Arrays.stream(distinct()).mapToDouble(i -> values[i]).toArray() : values;
  }

  /** Whether any two candidates are the same model. */
  public boolean any() {
    return IntStream.range(0, first.length).anyMatch(c -> first[c] != c);
  }

  /** The place of each distinct model's first candidate, in order. */
  public int[] distinct() {
    return IntStream.range(0, first.length).filter(c -> first[c] == c).toArray();
  }

  /** The groups of two or more candidates that are one model, each by its places in order. */
  public List<int[]> groups() {
    List<int[]> out = new ArrayList<>();
    for (int c : distinct()) {
      int g = c;
      int[] members = IntStream.range(0, first.length).filter(d -> first[d] == g).toArray();
      if (members.length > 1) {
        out.add(members);
      }
    }
    return out;
  }

  /** The twins among the candidates at {@code places} only, in that order. */
  public Twins of(int[] places) {
    int[] out = new int[places.length];
    for (int i = 0; i < places.length; i++) {
      out[i] = i;
      for (int j = 0; j < i; j++) {
        if (first[places[j]] == first[places[i]]) {
          out[i] = j;
          break;
        }
      }
    }
    return new Twins(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Twins t && Arrays.equals(first, t.first);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(first);
  }

  @Override
  public String toString() {
    return "Twins" + Arrays.toString(first);
  }
}
