package dev.lag.analysis.scoring;

import dev.lag.analysis.stats.PairedBootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The shared evidence behind scores at one lag, as a {@link PairedBootstrap} compares it: for every
 * candidate and replica, the values whose mean is its score (the per-batch losses of an evaluation)
 * where every score has them, else the scores themselves (then only replicas are resampled).
 */
public final class ScoreEvidence {
  /** The seed of the bootstrap: the same scores give the same intervals. */
  public static final long SEED = 20240910;

  private ScoreEvidence() {}

  /**
   * Compares candidates by their replicas' predictions at one lag.
   *
   * @param predictions per candidate, per replica; every prediction must have a value
   * @return empty when there is nothing to resample (one replica of one value each)
   */
  public static Optional<PairedBootstrap.Result> compare(List<List<Prediction>> predictions) {
    boolean batches =
        predictions.stream().allMatch(c -> c.stream().noneMatch(p -> p.evidence().isEmpty()));
    List<PairedBootstrap.Evidence> evidence = new ArrayList<>();
    for (List<Prediction> replicas : predictions) {
      List<double[]> values = new ArrayList<>();
      for (Prediction p : replicas) {
        values.add(batches ? p.evidence().toArray() : new double[] {p.value()});
      }
      evidence.add(new PairedBootstrap.Evidence(values));
    }
    return PairedBootstrap.standard(SEED).compare(evidence);
  }
}
