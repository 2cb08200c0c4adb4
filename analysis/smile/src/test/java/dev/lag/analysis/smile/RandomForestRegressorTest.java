package dev.lag.analysis.smile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.learn.LeastSquaresRegressor;
import dev.lag.analysis.learn.Regressor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomForestRegressorTest {
  /** y = sin(3 x0) + x1^2: non-linear, so a forest must beat a straight line. */
  private static double truth(double[] x) {
    return Math.sin(3 * x[0]) + x[1] * x[1];
  }

  private static double[][] rows(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] x = new double[n][2];
    for (double[] row : x) {
      row[0] = random.nextDouble(-1, 1);
      row[1] = random.nextDouble(-1, 1);
    }
    return x;
  }

  private static double rmsError(Regressor.Model model, double[][] x) {
    double sq = 0;
    for (double[] row : x) {
      double e = model.predict(row) - truth(row);
      sq += e * e;
    }
    return Math.sqrt(sq / x.length);
  }

  @Test
  void fitsANonLinearFunctionBetterThanLeastSquaresAndReproducibly() {
    double[][] x = rows(600, 1);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = truth(x[i]);
    }
    double[][] test = rows(200, 2);
    Regressor.Model forest = new RandomForestRegressor(100, 7).fit(x, y);
    double forestError = rmsError(forest, test);
    double olsError = rmsError(new LeastSquaresRegressor().fit(x, y), test);
    assertTrue(forestError < olsError / 2, "forest " + forestError + " vs OLS " + olsError);
    Regressor.Model again = new RandomForestRegressor(100, 7).fit(x, y);
    for (double[] row : test) {
      assertEquals(forest.predict(row), again.predict(row), "same seed, same forest");
    }
  }
}
