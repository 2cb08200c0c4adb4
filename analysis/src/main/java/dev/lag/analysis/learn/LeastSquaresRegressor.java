package dev.lag.analysis.learn;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Linear least squares with an intercept (Commons Math); small, fast and extrapolates linearly.
 * Solved through the singular value decomposition, so collinear features (a bank whose studies
 * share one stage length makes the horizon feature a constant, say) give the minimum-norm solution
 * instead of a singular matrix.
 */
public final class LeastSquaresRegressor implements Regressor {
  @Override
  public String name() {
    return "ols";
  }

  @Override
  public Model fit(double[][] x, double[] y) {
    double[][] design = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      design[i] = new double[x[i].length + 1];
      design[i][0] = 1;
      System.arraycopy(x[i], 0, design[i], 1, x[i].length);
    }
    RealVector beta =
        new SingularValueDecomposition(new Array2DRowRealMatrix(design, false))
            .getSolver()
            .solve(new ArrayRealVector(y, false));
    double[] b = beta.toArray();
    return row -> {
      double v = b[0];
      for (int i = 0; i < row.length; i++) {
        v += b[i + 1] * row[i];
      }
      return v;
    };
  }
}
