package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.Candidate;
import dev.lag.selector.CandidateTrainer;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Pool;
import dev.lag.selector.Selection;
import dev.lag.selector.policy.SuccessiveHalving;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A training loop lag does not own plugs in through {@link CandidateTrainer}: here, gradient
 * descent on a noisy least-squares problem written in this test, where each "candidate" is a
 * different learning rate. The loop keeps its own state between calls.
 */
class OwnLoopTest {
  /** Minimises mean (w x - 3 x)^2 over noisy x by SGD; returns the loss each step. */
  static final class SgdLoop implements CandidateTrainer {
    final Map<String, double[]> weights = new HashMap<>();
    final SplittableRandom data = new SplittableRandom(1);

    @Override
    public void train(Candidate candidate, long from, long until, Consumer<Point> report) {
      double lr = candidate.lr();
      double[] w = weights.computeIfAbsent(candidate.name(), n -> new double[] {0});
      for (long step = from + 1; step <= until; step++) {
        double x = 1 + data.nextDouble();
        double error = w[0] * x - 3 * x;
        w[0] -= lr * 2 * error * x;
        // Like a real loop's overflow guard: a blown-up weight is reported as a non-finite loss.
        double loss = Math.abs(w[0]) > 1e3 ? Double.NaN : error * error;
        report.accept(
            new Point(
                step,
                step,
                Double.NaN,
                Double.isFinite(loss) ? loss : Double.POSITIVE_INFINITY,
                loss));
        if (!Double.isFinite(loss)) {
          return;
        }
      }
    }
  }

  @Test
  void userLoopIsRankedByItsReportedLosses() {
    Pool pool =
        Pool.of(
            List.of(
                new Candidate("slow", "stack-top", 0.001, null),
                new Candidate("good", "stack-top", 0.05, null),
                new Candidate("unstable", "stack-top", 1.5, null)));
    Selection s =
        LagSelector.builder()
            .setTrainer(new SgdLoop())
            .optPolicy(new SuccessiveHalving(5, 3))
            .build()
            .choose(pool);
    assertEquals("good", s.winner());
    assertEquals(
        Selection.Status.DIVERGED,
        s.ranking().get(2).status(),
        "lr 1.5 diverges and is ranked last");
    assertTrue(
        s.compute().steps() <= 15, "halving stopped after the first rung: " + s.compute().steps());
  }
}
