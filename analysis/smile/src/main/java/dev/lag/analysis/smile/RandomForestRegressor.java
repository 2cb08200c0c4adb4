package dev.lag.analysis.smile;

import dev.lag.analysis.learn.Regressor;
import java.util.stream.LongStream;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.regression.RandomForest;

/**
 * A random forest regression (Smile, GPL-3.0: this module is the only one that links it).
 * Non-linear, robust to feature scale, seeded per tree so a fit is reproducible.
 */
public final class RandomForestRegressor implements Regressor {
  private final int trees;
  private final long seed;

  /**
   * @param trees number of trees
   * @param seed seed of the first tree (tree i uses seed + i)
   */
  public RandomForestRegressor(int trees, long seed) {
    this.trees = trees;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "forest";
  }

  @Override
  public Model fit(double[][] x, double[] y) {
    int d = x[0].length;
    String[] names = new String[d + 1];
    double[][] rows = new double[x.length][d + 1];
    for (int j = 0; j < d; j++) {
      names[j] = "f" + j;
    }
    names[d] = "y";
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, rows[i], 0, d);
      rows[i][d] = y[i];
    }
    DataFrame frame = DataFrame.of(rows, names);
    int mtry = Math.max(1, d / 3);
    RandomForest forest =
        RandomForest.fit(
            Formula.lhs("y"),
            frame,
            trees,
            mtry,
            20,
            Math.max(8, x.length / 5),
            5,
            1.0,
            LongStream.range(seed, seed + trees));
    return row -> {
      double[] full = new double[d + 1];
      System.arraycopy(row, 0, full, 0, d);
      return forest.predict(Tuple.of(full, frame.schema()));
    };
  }
}
