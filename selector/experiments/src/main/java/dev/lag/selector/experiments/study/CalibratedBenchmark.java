package dev.lag.selector.experiments.study;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.confidence.BankCalibration.Truth;
import dev.lag.analysis.confidence.CalibrationVariant;
import dev.lag.analysis.confidence.Confidence;
import dev.lag.analysis.confidence.EvidenceModel;
import dev.lag.analysis.confidence.ScorerRecipe;
import dev.lag.analysis.confidence.Twins;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Pool;
import dev.lag.selector.Selection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
  private final CalibrationVariant variant;
  // One calibration per scorer and judged study, fitted on the other studies.
  private final Map<String, BankCalibration> calibrations = new HashMap<>();

  /**
   * @param studies every study; each is judged on a model fitted to the others
   */
  public CalibratedBenchmark(List<BankStudy> studies) {
    this(studies, CalibrationVariant.DEFAULT);
  }

  /**
   * @param studies every study; each is judged on a model fitted to the others
   * @param variant how the fit reads and weighs the other studies for the judged study's stage
   */
  public CalibratedBenchmark(List<BankStudy> studies, CalibrationVariant variant) {
    this.studies = List.copyOf(studies);
    this.variant = variant;
  }

  /**
   * The evidence's name in the figures: the recipe's, with the variant's arguments where it is not
   * the default ({@code ", lags=fraction"}, {@code ", weigh=regime"}).
   */
  public static String label(ScorerRecipe recipe, CalibrationVariant variant) {
    return recipe.name() + variant.suffix();
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
   * @param stage the judged study's stage length in steps
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
      double priorWeight,
      long stage) {}

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
          List<Trajectory> runs = BankCalibration.runsUpTo(judged, k, r, truth.names());
          double[] x = BankCalibration.scores(runs, scorer, k, judged.finalStep(), unit);
          if (!Arrays.stream(x).allMatch(Double::isFinite)) {
            continue;
          }
          Confidence c = model.predict(prior, x, Twins.of(runs), 31L * k + r);
          int p = c.pick();
          double regret = truth.outcome()[p] - truth.best();
          out.add(
              new Pick(
                  judged.name(),
                  label(recipe, variant),
                  k,
                  r,
                  truth.names().get(p),
                  c.pBest()[p],
                  c.pWithin()[p],
                  regret == 0,
                  regret <= 1,
                  regret,
                  model.evidenceWeight(),
                  model.priorWeight(),
                  judged.finalStep()));
        }
      }
    }
    return out;
  }

  /**
   * The product's {@link dev.lag.selector.policy.Hedged} policy (rungs {@code 0, r, 2r, 4r, ...}),
   * replayed by {@link LagSelector} on each replica's recorded runs ({@link ReplayTrainer}) and
   * calibrated on the other studies: the figures are what {@code lag select} would have done.
   */
  public List<Hedged> hedged(
      ScorerRecipe recipe,
      long r,
      double confidence,
      double keep,
      double budget,
      boolean lookAhead) {
    List<Hedged> out = new ArrayList<>();
    for (BankStudy judged : studies) {
      Scorer scorer = recipe.make().apply(judged, others(judged));
      if (scorer == null) {
        continue;
      }
      BankCalibration calibration = calibration(recipe, judged);
      Truth truth = calibration.truth(judged);
      Map<String, String> specs = new LinkedHashMap<>();
      truth.names().forEach(n -> specs.put(n, judged.growth().getOrDefault(n, n)));
      var policy =
          new dev.lag.selector.policy.Hedged(
              calibration, specs, r, confidence, keep, budget, lookAhead);
      for (int replica = 0; replica < BankCalibration.replicas(judged); replica++) {
        Selection s =
            LagSelector.builder()
                .setTrainer(new ReplayTrainer(judged.replicas(), replica))
                .optPolicy(policy)
                .optScorer(scorer)
                .optFinalStep(judged.finalStep())
                .build()
                .choose(Pool.ofSpecs(truth.names()));
        int pick = truth.names().indexOf(s.winner());
        out.add(
            new Hedged(
                judged.name(),
                label(recipe, variant),
                replica,
                s.winner(),
                s.lag(),
                s.confidence().pWithin().getOrDefault(s.winner(), 0.0) >= confidence,
                s.confidence().pWithin().getOrDefault(s.winner(), Double.NaN),
                truth.outcome()[pick] - truth.best(),
                overhead(s, judged),
                (int) s.ranking().stream().filter(x -> x.stepsTrained() >= s.lag()).count()));
      }
    }
    return out;
  }

  /**
   * The selection's overhead in stages of one candidate: in FLOPs, cooldown probes included, where
   * the study recorded them; else in steps.
   */
  private static double overhead(Selection s, BankStudy judged) {
    double flops =
        s.trade().overheadFlops()
            / SelectionBenchmark.stageFlops(judged.replicas(), judged.finalStep());
    return Double.isFinite(flops) ? flops : s.trade().overheadSteps() / (double) judged.finalStep();
  }

  /** Calibrated for the judged study's stage, as the product calibrates for the user's. */
  private BankCalibration calibration(ScorerRecipe recipe, BankStudy judged) {
    return calibrations.computeIfAbsent(
        recipe.name() + "/" + judged.name(),
        x ->
            new BankCalibration(others(judged), recipe.make())
                .forStage(BankCalibration.Regime.of(judged))
                .with(variant));
  }

  private List<BankStudy> others(BankStudy judged) {
    return studies.stream().filter(s -> s != judged).toList();
  }
}
