package dev.lag.analysis.curve;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.scoring.ScoreEvidence;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.stats.ArgMin;
import dev.lag.analysis.stats.PairedBootstrap;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.stats.RankStatistic;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The paper's central analysis: for each lag k on a grid, how well does the score at k rank the
 * candidates by their final loss? Diverged candidates are ranked last and flagged; they are left
 * out of the correlations so that one NaN never poisons the statistics.
 *
 * <p>The final value of a candidate is its metric at {@code finalStep} by the alignment rule (last
 * value at or before), averaged over the logged points in the last {@code finalWindow} steps to
 * damp batch noise in training losses.
 */
public final class LagCurve {
  private final Scorer scorer;
  private final Metric finalMetric;
  private final long finalWindow;
  private final RankAgreement agreement;

  /**
   * @param scorer turns the log up to k into a score
   * @param finalMetric the loss whose final value is the ground truth
   * @param finalWindow steps averaged for the final value (1: the value at the final step)
   * @param agreement p-values and confidence intervals
   */
  public LagCurve(Scorer scorer, Metric finalMetric, long finalWindow, RankAgreement agreement) {
    this.scorer = scorer;
    this.finalMetric = finalMetric;
    this.finalWindow = Math.max(1, finalWindow);
    this.agreement = agreement;
  }

  /**
   * Computes the curve on the given lags (sorted and de-duplicated; those past the end dropped).
   */
  public LagCurveResult compute(List<Trajectory> pool, long finalStep, long[] grid) {
    Map<String, List<Trajectory>> one = new LinkedHashMap<>();
    for (Trajectory t : pool) {
      one.put(t.name(), List.of(t));
    }
    return computeReplicated(one, finalStep, grid);
  }

  /**
   * Computes the curve of candidates trained from several data orders (seed replicas): a
   * candidate's score at k and its final value are the means over its replicas, and the spread of
   * the finals across seeds, once the shift common to every candidate is taken out, is the seed
   * noise that regret is measured in.
   *
   * @param pool per candidate, its replicas (index = replica; the same number for every one)
   */
  public LagCurveResult computeReplicated(
      Map<String, List<Trajectory>> pool, long finalStep, long[] grid) {
    Finals f = finals(pool, finalStep);
    double[] finalValues = f.alive().stream().mapToDouble(f.finals()::get).toArray();
    String best = f.alive().get(ArgMin.of(finalValues));
    double noise = seedNoise(f.aliveFinals());

    List<LagPoint> points = new ArrayList<>();
    TreeSet<Long> lags = new TreeSet<>();
    for (long k : grid) {
      if (k >= 0 && k <= finalStep) {
        lags.add(k);
      }
    }
    String uncertainty = "";
    for (long k : lags) {
      Scored point = pointAt(pool, f, finalValues, best, noise, k, finalStep);
      if (point == null) {
        continue; // nothing logged yet at this lag
      }
      points.add(point.point());
      uncertainty = point.measures() != null ? point.measures() : uncertainty;
      if (point.measures() == null && uncertainty.isEmpty()) {
        uncertainty = READING_NOISE;
      }
    }
    return new LagCurveResult(
        f.names(),
        f.diverged(),
        finalStep,
        f.finals(),
        best,
        scorer.name(),
        finalMetric.label(),
        points,
        stableFrom(points),
        f.replicas(),
        noise,
        uncertainty);
  }

  /**
   * Every candidate's final, the mean over its replicas; a candidate with a diverged or missing
   * final is set aside (NaN).
   */
  private record Finals(
      List<String> names,
      List<String> diverged,
      Map<String, Double> finals,
      List<String> alive,
      List<double[]> aliveFinals,
      int replicas) {}

  private Finals finals(Map<String, List<Trajectory>> pool, long finalStep) {
    if (pool.isEmpty()) {
      throw new InvalidInputException("no candidates to analyse");
    }
    int replicas = pool.values().iterator().next().size();
    List<String> names = new ArrayList<>();
    List<String> diverged = new ArrayList<>();
    Map<String, Double> finals = new LinkedHashMap<>();
    List<String> alive = new ArrayList<>();
    List<double[]> aliveFinals = new ArrayList<>();
    for (Map.Entry<String, List<Trajectory>> e : pool.entrySet()) {
      String name = e.getKey();
      names.add(name);
      if (e.getValue().size() != replicas) {
        throw new InvalidInputException(
            name + ": " + e.getValue().size() + " replicas where the others have " + replicas);
      }
      double[] f = new double[replicas];
      boolean bad = false;
      for (int r = 0; r < replicas; r++) {
        Trajectory t = e.getValue().get(r);
        f[r] = finalValue(t, finalStep);
        bad |= t.diverged() || !Double.isFinite(f[r]);
      }
      if (bad) {
        diverged.add(name);
        finals.put(name, Double.NaN);
      } else {
        finals.put(name, Arrays.stream(f).average().orElse(Double.NaN));
        alive.add(name);
        aliveFinals.add(f);
      }
    }
    if (alive.isEmpty()) {
      throw new InvalidInputException(
          "every candidate diverged or has no "
              + finalMetric.label()
              + " loss at step "
              + finalStep);
    }
    return new Finals(names, diverged, finals, alive, aliveFinals, replicas);
  }

  /** A lag's point, and what its ties measure (null: the scores' reading noise). */
  private record Scored(LagPoint point, String measures) {}

  /** The point at lag k: agreement with the finals, the pick, its regret and its ties. */
  private Scored pointAt(
      Map<String, List<Trajectory>> pool,
      Finals f,
      double[] finalValues,
      String best,
      double noise,
      long k,
      long finalStep) {
    List<String> alive = f.alive();
    // Candidates are scored in parallel (a curve fit per candidate is the cost of a lag point);
    // each prediction depends on its own trajectory only, so the result is the same.
    List<List<Prediction>> byCandidate =
        java.util.stream.IntStream.range(0, alive.size())
            .parallel()
            .mapToObj(i -> predictAll(pool.get(alive.get(i)), k, finalStep))
            .toList();
    List<List<Prediction>> predictions = new ArrayList<>();
    List<Integer> scored = new ArrayList<>();
    for (int i = 0; i < alive.size(); i++) {
      if (byCandidate.get(i) != null) {
        scored.add(i);
        predictions.add(byCandidate.get(i));
      }
    }
    if (scored.isEmpty()) {
      return null;
    }
    double[] x = new double[scored.size()];
    double[] y = new double[scored.size()];
    for (int j = 0; j < scored.size(); j++) {
      x[j] = predictions.get(j).stream().mapToDouble(Prediction::value).average().orElseThrow();
      y[j] = finalValues[scored.get(j)];
    }
    int pickIndex = ArgMin.of(x);
    String pick = alive.get(scored.get(pickIndex));
    double bestFinal = f.finals().get(best);
    double regret = f.finals().get(pick) - bestFinal;
    Optional<PairedBootstrap.Result> evidence = ScoreEvidence.compare(predictions);
    List<String> tied = new ArrayList<>();
    if (evidence.isPresent()) {
      List<PairedBootstrap.Comparison> c = evidence.get().comparisons();
      for (int j = 0; j < scored.size(); j++) {
        if (j != pickIndex && c.get(j).tied()) {
          tied.add(alive.get(scored.get(j)));
        }
      }
    } else {
      tied = readingNoiseTies(pickIndex, scored, predictions, alive, x);
    }
    LagPoint point =
        new LagPoint(
            k,
            agreement.of(RankStatistic.SPEARMAN, x, y),
            agreement.of(RankStatistic.KENDALL, x, y),
            agreement.of(RankStatistic.PEARSON, x, y, false),
            pick,
            pick.equals(best),
            regret,
            regret / Math.abs(bestFinal),
            regret / noise,
            tied);
    return new Scored(point, evidence.map(PairedBootstrap.Result::measures).orElse(null));
  }

  /** What the ties measure where there is no shared evidence. */
  static final String READING_NOISE =
      "reading noise of each score (scatter of its recent values around a quadratic); not paired";

  /**
   * The seed noise of final values: the spread across seeds of each candidate's final after each
   * seed's finals are centred on that seed's mean over the candidates (the candidate-by-seed
   * interaction), root mean square over candidates. A shift common to every candidate (a data order
   * that is easy for all) changes no ranking and is not counted. NaN with one seed.
   *
   * @param finals per candidate, per seed
   */
  public static double seedNoise(List<double[]> finals) {
    int seeds = finals.isEmpty() ? 0 : finals.get(0).length;
    if (seeds < 2 || finals.size() < 2) {
      return Double.NaN;
    }
    double[] seedMean = new double[seeds];
    for (double[] f : finals) {
      for (int s = 0; s < seeds; s++) {
        seedMean[s] += f[s] / finals.size();
      }
    }
    double sumVariance = 0;
    for (double[] f : finals) {
      double[] centred = new double[seeds];
      double mean = 0;
      for (int s = 0; s < seeds; s++) {
        centred[s] = f[s] - seedMean[s];
        mean += centred[s] / seeds;
      }
      double sq = 0;
      for (double c : centred) {
        sq += (c - mean) * (c - mean);
      }
      sumVariance += sq / (seeds - 1);
    }
    return Math.sqrt(sumVariance / finals.size());
  }

  /** The final value: the mean of the metric over the logged points in the final window. */
  double finalValue(Trajectory t, long finalStep) {
    if (finalWindow <= 1) {
      return t.valueAt(finalMetric, finalStep);
    }
    double mean = t.trailingMean(finalMetric, finalStep, finalWindow);
    return Double.isFinite(mean) ? mean : t.valueAt(finalMetric, finalStep);
  }

  private static List<String> readingNoiseTies(
      int pick,
      List<Integer> scored,
      List<List<Prediction>> predictions,
      List<String> alive,
      double[] x) {
    List<String> tied = new ArrayList<>();
    double pickNoise = zeroIfNaN(predictions.get(pick).get(0).stdError());
    for (int j = 0; j < scored.size(); j++) {
      if (j == pick) {
        continue;
      }
      double se = Math.hypot(zeroIfNaN(predictions.get(j).get(0).stdError()), pickNoise);
      if (x[j] - x[pick] <= se) {
        tied.add(alive.get(scored.get(j)));
      }
    }
    return tied;
  }

  private static double zeroIfNaN(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  /** The earliest lag from which the pick stays the same through the last lag of the grid. */
  static long stableFrom(List<LagPoint> points) {
    if (points.isEmpty()) {
      return -1;
    }
    String last = points.get(points.size() - 1).pick();
    long from = points.get(points.size() - 1).step();
    for (int i = points.size() - 1; i >= 0 && points.get(i).pick().equals(last); i--) {
      from = points.get(i).step();
    }
    return from;
  }

  /**
   * Checks a user's grid of lags: every lag in [0, finalStep].
   *
   * @param option the option it came from, for the message ({@code --grid})
   * @throws InvalidInputException naming the option and the first lag outside
   */
  public static void checkGrid(long[] grid, long finalStep, String option) {
    if (grid.length == 0) {
      throw InvalidInputException.field(option, "", "give at least one lag");
    }
    for (long k : grid) {
      if (k < 0 || k > finalStep) {
        throw InvalidInputException.field(
            option, k, "a lag must be in [0, " + finalStep + "] (the final step)");
      }
    }
  }

  /** A grid of about {@code count} lags from 0 to {@code finalStep}, denser early (geometric). */
  public static long[] geometricGrid(long finalStep, int count) {
    TreeSet<Long> lags = new TreeSet<>();
    lags.add(0L);
    lags.add(finalStep);
    double ratio = Math.pow(Math.max(finalStep, 2), 1.0 / Math.max(1, count - 1));
    double v = 1;
    for (int i = 0; i < count; i++) {
      lags.add(Math.min(finalStep, Math.round(v)));
      v *= ratio;
    }
    return lags.stream().mapToLong(Long::longValue).toArray();
  }

  /** The scorer's prediction for each replica, or null when one has nothing at this lag. */
  private List<Prediction> predictAll(List<Trajectory> replicas, long k, long finalStep) {
    List<Prediction> each = new ArrayList<>();
    for (Trajectory t : replicas) {
      Prediction p = scorer.predict(t, k, finalStep);
      if (Double.isNaN(p.value())) {
        return null;
      }
      each.add(p);
    }
    return each;
  }
}
