package dev.lag.selector.experiments.study;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.confidence.BankCalibration.Truth;
import dev.lag.analysis.confidence.Confidence;
import dev.lag.analysis.confidence.EvidenceModel;
import dev.lag.analysis.scoring.Scorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrated picks judged leave-one-study-out: for each study, the {@link EvidenceModel} at each
 * lag is fitted on the other studies only (their picks at that lag, the prior measured on the
 * studies other than each of them), then every replica of the judged study is picked by it. Two
 * products: each pick with its claimed P(best) and P(within one seed-noise SD) and what came true
 * (the reliability table), and a hedged policy that commits once the pick is sure enough and
 * otherwise keeps the candidates that could still win for the next lag, within an overhead budget.
 */
public final class CalibratedBenchmark {
  private final List<BankStudy> studies;
  // One calibration per scorer and judged study, fitted on the other studies.
  private final Map<String, BankCalibration> calibrations = new HashMap<>();

  /**
   * @param studies every study; each is judged on a model fitted to the others
   */
  public CalibratedBenchmark(List<BankStudy> studies) {
    this.studies = List.copyOf(studies);
  }

  /**
   * One pick and what came true.
   *
   * @param study the study's name
   * @param scorer the evidence's scorer
   * @param lag steps after growth
   * @param replica the replica whose runs were seen
   * @param pick the candidate picked
   * @param pBest its claimed probability of ending best
   * @param pWithin its claimed probability of ending within one seed-noise SD of the best
   * @param best whether it ended best (replica-averaged finals)
   * @param within whether it ended within one seed-noise SD of the best
   * @param regret its final minus the best, in seed-noise SDs
   * @param evidenceWeight the fitted weight of the evidence at this lag (seed-noise per seed-noise)
   * @param priorWeight the fitted weight of the prior
   */
  public record Pick(
      String study,
      String scorer,
      long lag,
      int replica,
      String pick,
      double pBest,
      double pWithin,
      boolean best,
      boolean within,
      double regret,
      double evidenceWeight,
      double priorWeight) {}

  /**
   * The hedged policy on one replica.
   *
   * @param study the study's name
   * @param scorer the evidence's scorer
   * @param replica the replica
   * @param pick the candidate committed to
   * @param lag the lag it committed at
   * @param decided whether the pick reached the confidence asked (else the budget ran out)
   * @param pWithin the pick's claimed P(within one seed-noise SD) when it committed
   * @param regret in seed-noise SDs
   * @param overhead selection steps that are not the winner's own, in stages of one candidate
   * @param survivors candidates still in the race when it committed
   */
  public record Hedged(
      String study,
      String scorer,
      int replica,
      String pick,
      long lag,
      boolean decided,
      double pWithin,
      double regret,
      double overhead,
      int survivors) {}

  /** Every replica of every study picked at every lag, by a model fitted on the other studies. */
  public List<Pick> picks(ScorerRecipe recipe, long[] lags) {
    List<Pick> out = new ArrayList<>();
    for (BankStudy judged : studies) {
      List<BankStudy> others = others(judged);
      Scorer scorer = recipe.make().apply(judged, others);
      BankCalibration calibration = calibration(recipe, judged);
      Truth truth = calibration.truth(judged);
      double[] prior = calibration.prior(judged, truth.names(), others);
      double unit = calibration.unit();
      for (long k : lags) {
        if (k >= judged.finalStep() || scorer == null) {
          continue;
        }
        EvidenceModel model = calibration.model(k).orElse(null);
        if (model == null) {
          continue;
        }
        for (int r = 0; r < BankCalibration.replicas(judged); r++) {
          double[] x = BankCalibration.scores(judged, scorer, k, r, unit, truth.names());
          if (!Arrays.stream(x).allMatch(Double::isFinite)) {
            continue;
          }
          Confidence c = model.predict(prior, x, 31L * k + r);
          int p = c.pick();
          double regret = truth.outcome()[p] - truth.best();
          out.add(
              new Pick(
                  judged.name(),
                  recipe.name(),
                  k,
                  r,
                  truth.names().get(p),
                  c.pBest()[p],
                  c.pWithin()[p],
                  regret == 0,
                  regret <= 1,
                  regret,
                  model.evidenceWeight(),
                  model.priorWeight()));
        }
      }
    }
    return out;
  }

  /**
   * The hedged policy: at each lag of {@code rungs} (0 first: the loss at growth costs nothing),
   * commit when the pick's P(within one seed-noise SD) reaches {@code confidence}; otherwise drop
   * the candidates whose P(within) is below {@code keep} and go on, unless the next rung would take
   * the overhead past {@code budget} stages of one candidate, in which case commit to the likeliest
   * (undecided).
   */
  public List<Hedged> hedged(
      ScorerRecipe recipe, long[] rungs, double confidence, double keep, double budget) {
    List<Hedged> out = new ArrayList<>();
    for (BankStudy judged : studies) {
      List<BankStudy> others = others(judged);
      Scorer scorer = recipe.make().apply(judged, others);
      if (scorer == null) {
        continue;
      }
      BankCalibration calibration = calibration(recipe, judged);
      Truth truth = calibration.truth(judged);
      double[] prior = calibration.prior(judged, truth.names(), others);
      for (int r = 0; r < BankCalibration.replicas(judged); r++) {
        out.add(
            race(
                calibration,
                recipe,
                scorer,
                judged,
                truth,
                prior,
                r,
                rungs,
                confidence,
                keep,
                budget));
      }
    }
    return out;
  }

  private static Hedged race(
      BankCalibration calibration,
      ScorerRecipe recipe,
      Scorer scorer,
      BankStudy judged,
      Truth truth,
      double[] prior,
      int r,
      long[] rungs,
      double confidence,
      double keep,
      double budget) {
    long stage = judged.finalStep();
    boolean[] alive = new boolean[truth.names().size()];
    Arrays.fill(alive, true);
    double spent = 0; // steps trained over every candidate, probes included
    long at = 0;
    int pick = argmin(prior);
    double within = Double.NaN;
    for (int i = 0; i < rungs.length && rungs[i] < stage; i++) {
      long lag = rungs[i];
      int survivors = count(alive);
      spent += survivors * (lag - at + probe(scorer, lag));
      at = lag;
      EvidenceModel model = calibration.model(lag).orElse(null);
      double[] x =
          BankCalibration.scores(judged, scorer, lag, r, calibration.unit(), truth.names());
      if (model != null && Arrays.stream(x).allMatch(Double::isFinite)) {
        int[] index = indices(alive);
        Confidence c = model.predict(pick(prior, index), pick(x, index), 31L * lag + r);
        pick = index[c.pick()];
        within = c.pWithin()[c.pick()];
        if (within >= confidence || survivors == 1) {
          return hedged(judged, recipe, truth, r, pick, lag, true, within, spent, stage, survivors);
        }
        for (int j = 0; j < index.length; j++) {
          if (j != c.pick() && c.pWithin()[j] < keep) {
            alive[index[j]] = false;
          }
        }
      }
      // Go on only if committing at the next rung would keep the overhead (every step but the
      // winner's own) within the budget.
      boolean hasNext = i + 1 < rungs.length && rungs[i + 1] < stage;
      double nextSpent =
          hasNext ? spent + count(alive) * (rungs[i + 1] - lag + probe(scorer, rungs[i + 1])) : 0;
      if (!hasNext || (nextSpent - rungs[i + 1]) / stage > budget) {
        return hedged(
            judged, recipe, truth, r, pick, lag, false, within, spent, stage, count(alive));
      }
    }
    return hedged(judged, recipe, truth, r, pick, at, false, within, spent, stage, count(alive));
  }

  private static Hedged hedged(
      BankStudy judged,
      ScorerRecipe recipe,
      Truth truth,
      int replica,
      int pick,
      long lag,
      boolean decided,
      double pWithin,
      double spent,
      long stage,
      int survivors) {
    return new Hedged(
        judged.name(),
        recipe.name(),
        replica,
        truth.names().get(pick),
        lag,
        decided,
        pWithin,
        truth.outcome()[pick] - truth.best(),
        (spent - lag) / stage,
        survivors);
  }

  private BankCalibration calibration(ScorerRecipe recipe, BankStudy judged) {
    return calibrations.computeIfAbsent(
        recipe.name() + "/" + judged.name(),
        x -> new BankCalibration(others(judged), recipe.make()));
  }

  private List<BankStudy> others(BankStudy judged) {
    return studies.stream().filter(s -> s != judged).toList();
  }

  /** A cooldown probe's steps at a lag: none at growth, where there is nothing to cool down. */
  private static int probe(Scorer scorer, long lag) {
    return lag > 0 ? scorer.cooldownSteps() : 0;
  }

  private static int count(boolean[] alive) {
    int n = 0;
    for (boolean a : alive) {
      n += a ? 1 : 0;
    }
    return n;
  }

  private static int[] indices(boolean[] alive) {
    int[] out = new int[count(alive)];
    int j = 0;
    for (int i = 0; i < alive.length; i++) {
      if (alive[i]) {
        out[j++] = i;
      }
    }
    return out;
  }

  private static double[] pick(double[] v, int[] index) {
    double[] out = new double[index.length];
    for (int i = 0; i < index.length; i++) {
      out[i] = v[index[i]];
    }
    return out;
  }

  private static int argmin(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] < v[best]) {
        best = i;
      }
    }
    return best;
  }
}
