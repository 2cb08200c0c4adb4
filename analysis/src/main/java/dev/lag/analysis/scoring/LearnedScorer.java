package dev.lag.analysis.scoring;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.learn.Regressor;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.List;

/**
 * A predictor of the final loss learned from earlier studies: for every trajectory of those studies
 * and several lags k, the features at k ({@link TrajectoryFeatures}) are paired with how much the
 * loss still fell from k to the end; a regression learns that drop. Where curves cross (a candidate
 * that is behind at k but falling faster) it can rank correctly where the last loss cannot. Its
 * uncertainty is the regression's RMS error on its own training data.
 */
public final class LearnedScorer implements Scorer {
  private final Metric metric;
  private final Regressor.Model model;
  private final double rmsError;
  private final String regressor;

  private LearnedScorer(Metric metric, Regressor.Model model, double rmsError, String regressor) {
    this.metric = metric;
    this.model = model;
    this.rmsError = rmsError;
    this.regressor = regressor;
  }

  /**
   * Trains on completed trajectories: each one's final value is its value at its own last step.
   *
   * @param studies trajectories that ran to the end
   * @param metric the loss to predict
   * @param lagFractions the lags to learn from, as fractions of each trajectory's length
   * @param regressor the regression to fit
   */
  public static LearnedScorer train(
      List<Trajectory> studies, Metric metric, double[] lagFractions, Regressor regressor) {
    List<double[]> rows = new ArrayList<>();
    List<Double> targets = new ArrayList<>();
    for (Trajectory t : studies) {
      long end = t.lastStep();
      double last = t.valueAt(metric, end);
      if (t.diverged() || !Double.isFinite(last)) {
        continue;
      }
      for (double f : lagFractions) {
        long k = Math.round(end * f);
        double[] row = TrajectoryFeatures.at(t, metric, k, end);
        if (row != null) {
          rows.add(row);
          targets.add(last - row[0]);
        }
      }
    }
    if (rows.size() < 3 * TrajectoryFeatures.COUNT) {
      throw new InvalidInputException(
          "learned scorer: too little training data ("
              + rows.size()
              + " examples from "
              + studies.size()
              + " trajectories; needs at least "
              + 3 * TrajectoryFeatures.COUNT
              + ")");
    }
    double[][] x = rows.toArray(double[][]::new);
    double[] y = targets.stream().mapToDouble(Double::doubleValue).toArray();
    Regressor.Model model = regressor.fit(x, y);
    double sq = 0;
    for (int i = 0; i < x.length; i++) {
      double r = model.predict(x[i]) - y[i];
      sq += r * r;
    }
    return new LearnedScorer(metric, model, Math.sqrt(sq / x.length), regressor.name());
  }

  @Override
  public String name() {
    return "learned";
  }

  /** The regression behind it ({@code ols} or {@code forest}). */
  public String regressor() {
    return regressor;
  }

  @Override
  public Prediction predict(Trajectory t, long k, long finalStep) {
    double[] row = TrajectoryFeatures.at(t, metric, k, finalStep);
    if (row == null) {
      return new LastValueScorer(metric).predict(t, k, finalStep);
    }
    return new Prediction(row[0] + model.predict(row), rmsError);
  }
}
