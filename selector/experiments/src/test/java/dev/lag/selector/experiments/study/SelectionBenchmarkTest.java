package dev.lag.selector.experiments.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.scoring.CooldownScorer;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Probe;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.Prior;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.policy.PriorChoice;
import dev.lag.selector.policy.SuccessiveHalving;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectionBenchmarkTest {
  /**
   * Three candidates whose losses cross: {@code late} starts worst and ends best, so the loss ranks
   * them wrongly early and rightly late. Every replica shifts all candidates alike, except for a
   * small candidate-by-seed term; every 10 steps an eval on 4 shared batches, and at 20 and 40 a
   * cooldown probe of 5 steps that sees the final order.
   */
  static BankStudy crossing() {
    return crossing("crossing", 0);
  }

  /**
   * The same three candidates in another study: each candidate's level shifted by {@code shift}
   * times its own amount.
   */
  static BankStudy crossing(String study, double shift) {
    return crossing(study, shift, 15);
  }

  /**
   * The same, with the curves' time constant {@code tau} in steps: at 40, mid overtakes early only
   * after step 92 of 100, so every lag before the end ranks them wrongly.
   */
  static BankStudy crossing(String study, double shift, double tau) {
    Map<String, Double> finals = new LinkedHashMap<>();
    Map<String, double[]> byReplica = new LinkedHashMap<>();
    List<Trajectory> runs = new ArrayList<>();
    Map<String, double[]> shape =
        Map.of(
            "early",
            new double[] {1.10, 0.5},
            "late",
            new double[] {1.00, 2.0},
            "mid",
            new double[] {1.05, 1.0});
    for (String name : List.of("early", "late", "mid")) {
      double[] f = new double[3];
      for (int r = 0; r < 3; r++) {
        double interaction = 0.002 * ((r + name.length()) % 3 - 1);
        double level = shape.get(name)[0] + 0.05 * r + interaction + shift * 0.001 * name.length();
        List<Point> points = new ArrayList<>();
        for (int step = 0; step <= 100; step++) {
          double loss = level + shape.get(name)[1] * Math.exp(-step / tau);
          double flops = 1e9 * step;
          if (step % 10 == 0) {
            double[] batches = {loss - 0.1, loss + 0.05, loss + 0.1, loss - 0.05};
            Point p =
                new Point(step, step * 100.0, flops, loss, loss)
                    .withEvalBatches(BatchLosses.of(batches));
            if (step == 20 || step == 40) {
              p = p.withProbes(List.of(new Probe(5, level + 0.01, BatchLosses.NONE, 5e9)));
            }
            points.add(p);
          } else {
            points.add(new Point(step, step * 100.0, flops, loss, Double.NaN));
          }
        }
        runs.add(new Trajectory(r == 0 ? name : name + "#" + r, points));
        f[r] = points.get(100).evalLoss();
      }
      byReplica.put(name, f);
      finals.put(name, (f[0] + f[1] + f[2]) / 3);
    }
    Map<String, String> growth = new LinkedHashMap<>();
    finals.keySet().forEach(n -> growth.put(n, n));
    return new BankStudy(
        Path.of(study),
        study,
        Map.of("steps", "100"),
        growth,
        100,
        finals,
        byReplica,
        List.of(5),
        runs);
  }

  @Test
  void scorersAreJudgedAgainstSeedAveragedFinalsInUnitsOfSeedNoise() {
    SelectionBenchmark.Figures f =
        new SelectionBenchmark(Prior.DEFAULT)
            .run(
                crossing(),
                List.of(new LastValueScorer(Metric.EVAL_LOSS), new CooldownScorer(5)),
                new long[] {20, 80},
                List.of());
    assertEquals("late", f.best());
    assertEquals(3, f.replicas());
    assertTrue(f.seedNoise() > 0 && f.seedNoise() < 0.01, "the interaction only: " + f.seedNoise());
    SelectionBenchmark.ScorerRow lastEarly = f.scorers().get(0);
    SelectionBenchmark.ScorerRow lastLate = f.scorers().get(1);
    SelectionBenchmark.ScorerRow cooldown = f.scorers().get(2);
    assertEquals(0.0, lastEarly.top1(), "at 20 steps the loss still ranks early first");
    Map<String, Double> finals = crossing().finals();
    assertEquals(
        (finals.get("early") - finals.get("late")) / f.seedNoise(), lastEarly.regret(), 1e-9);
    assertEquals(1.0, lastLate.top1());
    assertEquals(0.0, lastLate.regret(), 1e-12);
    assertEquals(1.0, cooldown.top1(), "the probe sees the final order at 20 steps");
    assertEquals(1.0, cooldown.spearman().value(), 1e-12);
    // Three candidates x 20 of 100 steps, and three 5-step probes: 0.6 + 0.15 stages.
    assertEquals(0.6, lastEarly.cost(), 1e-9);
    assertEquals(0.75, cooldown.cost(), 1e-9);
  }

  @Test
  void aReplayedPolicyCostsWhatItTrainedAndPicksLikeTheScorerAtItsLag() {
    BankStudy study = crossing();
    SelectionBenchmark.Figures f =
        new SelectionBenchmark(Prior.DEFAULT)
            .run(
                study,
                List.of(new LastValueScorer(Metric.EVAL_LOSS)),
                new long[] {20},
                List.of(
                    new SelectionBenchmark.Replay(
                        new PriorChoice(), new LastValueScorer(Metric.EVAL_LOSS)),
                    new SelectionBenchmark.Replay(
                        new FixedLag(20), new LastValueScorer(Metric.EVAL_LOSS)),
                    new SelectionBenchmark.Replay(
                        new SuccessiveHalving(20, 2), new CooldownScorer(5))));
    SelectionBenchmark.PolicyRow none = f.policies().get(0);
    assertEquals(0, none.cost(), "the prior alone trains nothing");
    assertEquals(0.0, none.top1(), "and picks early, which is not best here");
    SelectionBenchmark.PolicyRow fixed = f.policies().get(1);
    assertEquals(f.scorers().get(0).cost(), fixed.cost(), 1e-9);
    assertEquals(f.scorers().get(0).regret(), fixed.regret(), 1e-9);
    assertEquals(0.4, fixed.overhead(), 1e-9, "the two losers' 20 steps");
    SelectionBenchmark.PolicyRow halving = f.policies().get(2);
    assertEquals(1.0, halving.top1());
    assertEquals(40, halving.lag(), 1e-12);
    // 3 x 20 steps and 3 probes, then 2 x 20 more steps and 2 probes.
    assertEquals(0.6 + 0.15 + 0.4 + 0.1, halving.cost(), 1e-9);
  }
}
