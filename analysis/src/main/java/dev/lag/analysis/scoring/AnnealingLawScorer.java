package dev.lag.analysis.scoring;

import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;

/**
 * A schedule-aware prediction of where a candidate ends its stage: its own {@code (L0, A)} of the
 * {@link AnnealingLaw} fitted to its points after growth up to the lag, with the shared {@code
 * alpha} and {@code C} of earlier studies, evaluated at the stage's last step under the stage's own
 * schedule. Read at peak learning rate, the loss is judged where the decay will take it; no extra
 * training. With fewer than two points after growth it has nothing to fit and says so (no
 * estimate); its uncertainty is the RMS residual of the candidate's fit.
 */
public final class AnnealingLawScorer implements Scorer {
  private final AnnealingLaw law;
  private final LearningRateSchedule schedule;
  private final Metric metric;
  // Derived from the schedule once: a benchmark asks for thousands of predictions.
  private final AnnealingLaw.Areas areas;

  /**
   * The scorer for a stage of these rates.
   *
   * @param law the shared exponent and annealing weight
   * @param schedule the stage's learning rate per step
   * @param metric the loss it reads
   */
  public AnnealingLawScorer(AnnealingLaw law, LearningRateSchedule schedule, Metric metric) {
    this.law = law;
    this.schedule = schedule;
    this.metric = metric;
    this.areas = AnnealingLaw.Areas.of(schedule);
  }

  /** The shared exponent and annealing weight. */
  public AnnealingLaw law() {
    return law;
  }

  /** The stage's learning rate per step. */
  public LearningRateSchedule schedule() {
    return schedule;
  }

  @Override
  public String name() {
    return "anneal";
  }

  @Override
  public Prediction predict(Trajectory trajectory, long k, long finalStep) {
    if (trajectory.diverged()) {
      return Prediction.NONE;
    }
    AnnealingLaw.Curve curve = AnnealingLaw.Curve.of(trajectory, metric, k, areas);
    double[] own = law.own(curve);
    if (own == null) {
      return Prediction.NONE;
    }
    double sq = 0;
    for (int i = 0; i < curve.steps().length; i++) {
      double r = curve.losses()[i] - law.at(own, areas, curve.steps()[i]);
      sq += r * r;
    }
    double predicted = law.at(own, areas, finalStep);
    return Double.isFinite(predicted)
        ? new Prediction(predicted, Math.sqrt(sq / curve.steps().length))
        : Prediction.NONE;
  }
}
