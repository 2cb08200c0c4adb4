package dev.lag.analysis.confidence;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.scoring.AnnealingLaw;
import dev.lag.analysis.scoring.AnnealingLawScorer;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * How to make a scorer for a study, from what it may learn from: most scorers learn nothing; the
 * annealing law takes its shared exponent and annealing weight from other studies' full curves and
 * the study's own schedule. A benchmark passes only studies other than the one judged; a selection
 * passes the whole bank and its own stage's schedule ({@link #annealingLaw(List,
 * LearningRateSchedule, Metric)}).
 *
 * @param name the scorer's name in tables
 * @param make builds the scorer for a study, given the studies it may learn from
 */
public record ScorerRecipe(String name, BiFunction<BankStudy, List<BankStudy>, Scorer> make) {
  /** A scorer that learns nothing, by its name ({@link Scorers#byName}). */
  public static ScorerRecipe named(String name, Metric metric) {
    Scorer scorer = Scorers.byName(name, metric);
    return new ScorerRecipe(scorer.name(), (study, others) -> scorer);
  }

  /** The annealing law, its shared parameters fitted on the other studies' whole curves. */
  public static ScorerRecipe annealingLaw(Metric metric) {
    return new ScorerRecipe(
        "anneal", (study, others) -> annealingLaw(others, study.schedule(), metric));
  }

  /**
   * The annealing law for a stage of the given schedule, its shared exponent and annealing weight
   * fitted on the whole curves of {@code from}; null when they hold nothing to fit.
   */
  public static AnnealingLawScorer annealingLaw(
      List<BankStudy> from, LearningRateSchedule stage, Metric metric) {
    AnnealingLaw law = AnnealingLaw.fit(curves(from, metric));
    return law == null ? null : new AnnealingLawScorer(law, stage, metric);
  }

  private static List<AnnealingLaw.Curve> curves(List<BankStudy> studies, Metric metric) {
    List<AnnealingLaw.Curve> curves = new ArrayList<>();
    for (BankStudy s : studies) {
      AnnealingLaw.Areas areas = AnnealingLaw.Areas.of(s.schedule());
      for (Trajectory t : s.trajectories()) {
        if (!t.diverged()) {
          curves.add(AnnealingLaw.Curve.of(t, metric, s.finalStep(), areas));
        }
      }
    }
    return curves;
  }
}
