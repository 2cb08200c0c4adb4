package dev.lag.analysis.learn;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/** Linear least squares with an intercept (Commons Math); small, fast and extrapolates linearly. */
public final class LeastSquaresRegressor implements Regressor {
  @Override
  public String name() {
    return "ols";
  }

  @Override
  public Model fit(double[][] x, double[] y) {
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(y, x);
    double[] beta = ols.estimateRegressionParameters();
    return row -> {
      double v = beta[0];
      for (int i = 0; i < row.length; i++) {
        v += beta[i + 1] * row[i];
      }
      return v;
    };
  }
}
