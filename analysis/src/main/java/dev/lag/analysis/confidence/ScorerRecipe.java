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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

  /**
   * The annealing law, its shared parameters fitted on the other studies' whole curves. A recipe
   * remembers each law it fitted by the studies it fitted them on: a leave-one-study-out benchmark
   * asks for the same few hundred sets of studies tens of thousands of times (every lag, every
   * calibration variant, both orders of a left-out pair), and the fit reads every curve of the set.
   */
  public static ScorerRecipe annealingLaw(Metric metric) {
    Map<Studies, Optional<AnnealingLaw>> fitted = new ConcurrentHashMap<>();
    return new ScorerRecipe(
        "anneal",
        (study, others) ->
            fitted
                .computeIfAbsent(
                    new Studies(others),
                    set -> Optional.ofNullable(AnnealingLaw.fit(curves(others, metric))))
                .map(law -> new AnnealingLawScorer(law, study.schedule(), metric))
                .orElse(null));
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

  /**
   * A list of studies compared by identity, element by element: the same loaded studies in the same
   * order (the order of a sum is the order of its bits), never a deep comparison of curves.
   */
  private record Studies(List<BankStudy> studies) {
    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Studies other) || other.studies.size() != studies.size()) {
        return false;
      }
      for (int i = 0; i < studies.size(); i++) {
        if (studies.get(i) != other.studies.get(i)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (BankStudy s : studies) {
        h = 31 * h + System.identityHashCode(s);
      }
      return h;
    }
  }
}
