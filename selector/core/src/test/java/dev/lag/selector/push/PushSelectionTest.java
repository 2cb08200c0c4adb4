package dev.lag.selector.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.Pool;
import dev.lag.selector.policy.Decision;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.policy.SuccessiveHalving;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushSelectionTest {
  static final Pool POOL = Pool.ofSpecs(List.of("stack-top", "midas", "zero-new"));

  /**
   * Loss of a candidate whose early loss misleads: zero-new starts lowest, stack-top ends lowest.
   */
  static double loss(String candidate, long t) {
    double[] c =
        switch (candidate) {
          case "stack-top" -> new double[] {3.0, 1.9};
          case "midas" -> new double[] {2.5, 2.0};
          default -> new double[] {2.0, 2.1};
        };
    double w = Math.exp(-t / 10.0);
    return w * c[0] + (1 - w) * c[1];
  }

  @Test
  void loopsThatPushStopWhenToldAndThePickFollowsThePolicy() {
    PushSelection selection =
        new PushSelection(
            POOL, new SuccessiveHalving(20, 2), new LastValueScorer(Metric.TRAIN_LOSS), 100);
    // Round-robin over candidates, as a user's loop over several processes might interleave.
    boolean progress = true;
    long[] steps = new long[3];
    while (progress) {
      progress = false;
      for (int i = 0; i < 3; i++) {
        Trial trial = selection.trial(POOL.candidates().get(i).name());
        // The winner is never stopped: it trains on to the end of the stage (100 steps).
        if (!trial.shouldStop() && steps[i] < 100) {
          steps[i]++;
          trial.report(steps[i], loss(trial.candidate(), steps[i]));
          progress = true;
        }
      }
    }
    Decision.Pick pick = (Decision.Pick) selection.decision();
    List<String> ranking =
        selection.history().rank(List.of("stack-top", "midas", "zero-new"), pick.lag());
    assertEquals("stack-top", ranking.get(0));
    // Rung 20 keeps stack-top (2.049) and midas (2.068); rung 40 picks stack-top (1.92 vs 2.01).
    assertEquals(40, pick.lag());
    assertEquals(100, steps[0], "stack-top survives the rung at 20, wins at 40 and trains on");
    assertTrue(selection.trial("stack-top").isWinner());
    assertEquals(
        Advice.Action.DONE, selection.advice("stack-top").action(), "it trained to the end");
    assertEquals(100, selection.advice("stack-top").trainUntil());
    assertEquals(
        100, selection.trial("stack-top").trainUntil(), "the trial agrees with the advice");
    assertEquals(-1, selection.trial("midas").trainUntil());
    // The pick's ranking (a bootstrap) is built once per change, not per question of the loop.
    assertSame(selection.result().get(), selection.result().get());
    assertEquals(40, steps[1], "midas survives the rung at 20 and loses at 40");
    assertEquals(Advice.Action.STOP, selection.advice("midas").action());
    assertEquals(20, steps[2], "zero-new is dropped after the first rung");
  }

  @Test
  void reportsAreIdempotentPerStepAndValidated() {
    PushSelection selection =
        new PushSelection(POOL, new FixedLag(2), new LastValueScorer(Metric.TRAIN_LOSS), 10);
    Trial trial = selection.trial("midas");
    trial.report(1, 5.0);
    trial.report(1, 4.0);
    trial.report(2, 3.0);
    assertEquals(2, selection.history().trajectories().get("midas").size());
    assertEquals(
        4.0, selection.history().trajectories().get("midas").valueAt(Metric.TRAIN_LOSS, 1));
    assertTrue(trial.shouldStop(), "midas reached the lag");
    assertFalse(selection.trial("zero-new").shouldStop());
    assertEquals(2, selection.trial("zero-new").trainUntil());
    assertThrows(InvalidInputException.class, () -> selection.trial("nope"));
    assertThrows(InvalidInputException.class, () -> trial.report(-1, 1.0));
    selection.trial("zero-new").report(1, Double.NaN);
    assertTrue(selection.history().diverged("zero-new"), "a NaN loss marks the candidate diverged");
    assertTrue(selection.trial("zero-new").shouldStop());
    // The loop is told why: the policy did not drop it, its loss did.
    String why = selection.advice("zero-new").reason();
    assertTrue(why.startsWith("diverged (a non-finite loss reported by step 1)"), why);
  }

  /** Two candidates to a fixed lag of 5: b leads at the lag and wins. */
  static PushSelection decided() {
    PushSelection s =
        new PushSelection(
            Pool.ofSpecs(List.of("stack-top", "midas")),
            new FixedLag(5),
            new LastValueScorer(Metric.TRAIN_LOSS),
            10);
    for (long step = 1; step <= 5; step++) {
      s.trial("stack-top").report(step, 2.0 - step * 0.01);
      s.trial("midas").report(step, 1.5 - step * 0.01);
    }
    assertEquals(Advice.Action.WON, s.advice("midas").action());
    assertEquals(Advice.Action.STOP, s.advice("stack-top").action());
    return s;
  }

  /** The flip of issue 24: a loser re-reports an earlier step lower than the winner's loss. */
  @Test
  void aPickIsFinalWhateverTheLoserReportsAfterIt() {
    PushSelection s = decided();
    assertFalse(s.report("stack-top", dev.lag.analysis.trajectory.Point.ofLoss(3, 0.1)));
    s.trial("stack-top").report(6, 0.05);
    assertEquals(Advice.Action.WON, s.advice("midas").action());
    assertEquals(Advice.Action.STOP, s.advice("stack-top").action());
    assertEquals("midas", s.result().orElseThrow().winner());
  }

  @Test
  void aWinnerThatDivergesIsToldSoAndNoLoserComesBack() {
    PushSelection s = decided();
    s.trial("midas").report(6, 1.4);
    s.trial("midas").report(7, Double.NaN);
    Advice a = s.advice("midas");
    assertEquals(Advice.Action.STOP, a.action());
    assertTrue(a.winner() && a.reason().startsWith("diverged at step 7 after it won"), a.reason());
    assertEquals(Advice.Action.STOP, s.advice("stack-top").action(), "no stopped candidate wins");
    assertEquals("midas", s.result().orElseThrow().winner());
    assertTrue(s.trial("midas").shouldStop());
  }

  @Test
  void theWinnerIsToldTheStageIsOverAndLaterReportsAreRefused() {
    PushSelection s = decided();
    for (long step = 6; step <= 9; step++) {
      s.trial("midas").report(step, 1.4);
      assertEquals(Advice.Action.WON, s.advice("midas").action(), "step " + step);
    }
    s.trial("midas").report(10, 1.3);
    assertEquals(Advice.Action.DONE, s.advice("midas").action());
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> s.trial("midas").report(11, 1.2));
    assertTrue(
        e.getMessage().startsWith("step=11: past the stage's final step 10"), e.getMessage());
  }
}
