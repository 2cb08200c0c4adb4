package dev.lag.analysis.learn;

/**
 * Fits a regression from feature rows to targets. Two implementations: ordinary least squares
 * (Commons Math, here) and a random forest ({@code lag-analysis-smile}: Smile is GPL-3.0, so it
 * lives in a module of its own that only the CLI pulls in; nothing else names it).
 */
public interface Regressor {
  /** A short name for records. */
  String name();

  /** Fits on rows {@code x} (n by d) and targets {@code y} (n); returns the fitted model. */
  Model fit(double[][] x, double[] y);

  /** A fitted regression. */
  interface Model {
    /** The prediction for one feature row. */
    double predict(double[] row);
  }
}
