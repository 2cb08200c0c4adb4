package dev.lag.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.policy.Decision;
import dev.lag.selector.policy.SelectionPolicy;
import dev.lag.selector.policy.SuccessiveHalving;
import dev.lag.selector.push.PushSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The one state machine both front doors drive: same reports, same decisions, same record. */
class SelectionSessionTest {
  record Reported(String candidate, int replica, Point point) {}

  /**
   * Curves that cross after growth, with per-batch held-out losses every 5 steps and a replica
   * effect, so rungs drop candidates, replicas pair and the ranking has paired intervals. Every
   * report is kept in the order the library saw it.
   */
  static final class CrossingTrainer implements WindowTrainer {
    final List<Reported> seen = new ArrayList<>();

    @Override
    public void train(Window w, Consumer<Point> report) {
      double[] c = CURVES.get(w.candidate().name());
      for (long t = w.from() == 0 ? 0 : w.from() + 1; t <= w.until(); t++) {
        double loss = CurveTrainer.loss(c, t) + 0.02 * w.replica();
        Point p = new Point(t, 64.0 * t, 1e6 * t, loss, Double.NaN);
        if (t % 5 == 0) {
          SplittableRandom shared = new SplittableRandom(t * 7919 + w.replica());
          SplittableRandom own = new SplittableRandom(w.candidate().name().hashCode() + t);
          double[] batches = new double[8];
          for (int b = 0; b < batches.length; b++) {
            batches[b] = loss + 0.2 * shared.nextGaussian() + 0.01 * own.nextGaussian();
          }
          BatchLosses losses = BatchLosses.of(batches);
          p = new Point(t, 64.0 * t, 1e6 * t, loss, losses.mean()).withEvalBatches(losses);
        }
        seen.add(new Reported(w.candidate().name(), w.replica(), p));
        report.accept(p);
      }
    }
  }

  static final Map<String, double[]> CURVES = new LinkedHashMap<>();

  static {
    CURVES.put("stack-top", new double[] {3.0, 1.90, 15});
    CURVES.put("midas", new double[] {2.5, 1.93, 15});
    CURVES.put("zero-new", new double[] {2.0, 2.00, 15});
    CURVES.put("interleave", new double[] {2.2, 2.05, 15});
  }

  static Map<String, String> specs() {
    Map<String, String> specs = new LinkedHashMap<>();
    CURVES.keySet().forEach(n -> specs.put(n, n));
    return specs;
  }

  /** The record as written to selection.json, less the wall-clock seconds. */
  static ObjectNode record(Selection s) {
    ObjectNode node = SelectionJson.toJson(s, new ObjectMapper());
    ((ObjectNode) node.get("compute")).remove("seconds");
    return node;
  }

  @Test
  void theLibraryAndLoopsThatPushMakeTheSameRecord() {
    SelectionPolicy policy = new SuccessiveHalving(10, 2);
    LastValueScorer scorer = new LastValueScorer(Metric.EVAL_LOSS);
    CrossingTrainer trainer = new CrossingTrainer();
    Selection pulled =
        LagSelector.builder()
            .setTrainer(trainer)
            .optPolicy(policy)
            .optScorer(scorer)
            .optFinalStep(200)
            .optReplicas(2)
            .build()
            .choose(
                Pool.of(
                    CURVES.keySet().stream().map(n -> new Candidate(n, n, null, null)).toList()));
    assertTrue(pulled.lag() > 10, "the rungs ran: lag " + pulled.lag());

    // The same reports pushed by loops that ask what to do after every step, as the service's do.
    PushSelection pushed = new PushSelection(specs(), policy, scorer, 200, 2, Prior.DEFAULT);
    for (Reported r : trainer.seen) {
      pushed.report(r.candidate(), r.replica(), r.point());
      pushed.advice(r.candidate());
    }
    assertEquals(record(pulled), record(pushed.result().orElseThrow()));
  }

  @Test
  void aStepReportedInPartsIsOnePointAndARepeatChangesNothing() {
    SelectionSession s = session();
    assertTrue(s.report("midas", 0, Point.ofLoss(3, 2.5)));
    assertTrue(s.report("midas", 0, new Point(3, Double.NaN, Double.NaN, Double.NaN, 2.7)));
    assertFalse(s.report("midas", 0, Point.ofLoss(3, 2.5)), "an exact repeat");
    Point merged = s.reports("midas", 0).get(0);
    assertEquals(2.5, merged.trainLoss());
    assertEquals(2.7, merged.evalLoss());
    assertEquals(3, s.reached("midas", 0));
    assertEquals(-1, s.reached("stack-top", 0));
  }

  @Test
  void aPickIsMadeOnceAndLateReportsDoNotMoveIt() {
    SelectionSession s = session();
    for (long t = 0; t <= 10; t++) {
      for (String c : CURVES.keySet()) {
        s.report(c, 0, Point.ofLoss(t, CurveTrainer.loss(CURVES.get(c), t)));
      }
    }
    Decision.Pick pick = (Decision.Pick) s.decision();
    String winner = s.selection().orElseThrow().winner();
    String loser = CURVES.keySet().stream().filter(c -> !c.equals(winner)).findFirst().get();
    assertFalse(s.report(loser, 0, Point.ofLoss(10, 0.1)), "a loser's late report is ignored");
    assertTrue(s.report(winner, 0, Point.ofLoss(11, Double.POSITIVE_INFINITY)));
    assertEquals(11, s.winnerDivergedAt());
    assertEquals(pick, s.decision());
    assertEquals(winner, s.selection().orElseThrow().winner());
  }

  static SelectionSession session() {
    return new SelectionSession(
        specs(),
        new dev.lag.selector.policy.FixedLag(10),
        new LastValueScorer(Metric.TRAIN_LOSS),
        50,
        1,
        Prior.DEFAULT,
        null);
  }
}
