package dev.lag.selector;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finished 200-step studies for tests: three seed replicas per candidate, evaluated every 10. */
public final class StudyFixtures {
  /** A candidate's loss at step t of replica r. */
  @FunctionalInterface
  public interface Curve {
    double loss(String candidate, int index, int replica, long step);
  }

  private StudyFixtures() {}

  /** A banked study of these candidates (growth spec = name) whose losses follow {@code curve}. */
  public static BankStudy study(String name, List<String> candidates, Curve curve) {
    Map<String, String> growth = new LinkedHashMap<>();
    Map<String, Double> finals = new LinkedHashMap<>();
    Map<String, double[]> byReplica = new LinkedHashMap<>();
    List<Trajectory> runs = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      String c = candidates.get(i);
      growth.put(c, c);
      double[] f = new double[3];
      for (int r = 0; r < 3; r++) {
        List<Point> points = new ArrayList<>();
        for (long t = 0; t <= 200; t += 10) {
          double loss = curve.loss(c, i, r, t);
          points.add(new Point(t, 100 * t, 1e6 * t, loss, loss));
        }
        runs.add(new Trajectory(r == 0 ? c : c + "#" + r, points));
        f[r] = points.get(points.size() - 1).evalLoss();
      }
      byReplica.put(c, f);
      finals.put(c, (f[0] + f[1] + f[2]) / 3);
    }
    return new BankStudy(
        Path.of(name),
        name,
        Map.of("steps", "200"),
        growth,
        200,
        finals,
        byReplica,
        List.of(),
        runs);
  }
}
