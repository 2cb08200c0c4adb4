package dev.lag.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.schedule.Decay;
import dev.lag.analysis.scoring.LastValueScorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.policy.FixedLag;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class PickConfidenceTest {
  /** zero-new leads early, stack-top ends best (as in LagSelectorTest's curves). */
  static final Map<String, double[]> CURVES =
      Map.of(
          "stack-top", new double[] {3.0, 1.90, 10},
          "midas", new double[] {2.5, 1.95, 10},
          "zero-new", new double[] {2.0, 2.00, 10});

  /** A trainer of the three candidates along their curves. */
  public static CandidateTrainer trainer() {
    return new CurveTrainer(CURVES);
  }

  /** A finished study of the three, three replicas each with a small candidate-by-seed term. */
  public static BankStudy study(String name, int salt) {
    return study(name, salt, 0.004);
  }

  /** The same with a candidate-by-seed term of up to {@code jitter}: large, and nothing is sure. */
  public static BankStudy study(String name, int salt, double jitter) {
    return StudyFixtures.study(
        name,
        List.of("stack-top", "midas", "zero-new"),
        (c, i, r, t) ->
            CurveTrainer.loss(CURVES.get(c), t) + jitter * (((c.length() + r + salt) % 3) - 1));
  }

  @Test
  void aSelectionCalibratedOnABankReportsProbabilitiesThatSumToOne() {
    BankCalibration bank =
        new BankCalibration(
            List.of(study("a", 0), study("b", 1), study("c", 2)),
            (s, others) -> new LastValueScorer(Metric.EVAL_LOSS));
    Selection s =
        LagSelector.builder()
            .setTrainer(new CurveTrainer(CURVES))
            .optPolicy(new FixedLag(10))
            .optFinalStep(200)
            .optCalibration(bank)
            .build()
            .choose(Pool.ofSpecs(List.of("stack-top", "midas", "zero-new")));
    PickConfidence c = s.confidence();
    assertTrue(c.computed(), c.measures());
    double sum = c.pBest().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1.0, sum, 1e-9);
    assertEquals("stack-top", c.likeliest(), "the bank says stack-top ends best: " + c);
    assertTrue(c.pWithin().get("stack-top") >= c.pBest().get("stack-top"));
    assertTrue(c.measures().startsWith("P(best) and P(within 1 seed-noise SD"), c.measures());
    assertFalse(c.measures().contains("of the bank's"), "no stage given, no coverage claimed");
  }

  @Test
  void theRecordSaysHowManyBankStudiesAreOfTheStagesRegime() {
    BankCalibration bank =
        new BankCalibration(
            List.of(study("a", 0), study("b", 1), study("c", 2)),
            (s, others) -> new LastValueScorer(Metric.EVAL_LOSS));
    long stage = bank.studies().get(0).finalStep();
    BankCalibration.Regime same = new BankCalibration.Regime(stage, Decay.Kind.COSINE);
    assertEquals(
        "3 of the bank's 3 studies are of a "
            + stage
            + "-step cosine stage like this one;"
            + " the prior is theirs",
        bank.forStage(same).regimeCoverage());
    BankCalibration.Regime longer = new BankCalibration.Regime(4 * stage, Decay.Kind.COSINE);
    assertEquals(
        "none of the bank's 3 studies is of a "
            + 4 * stage
            + "-step cosine stage; the prior is"
            + " from the 3 nearest ("
            + stage
            + "-step cosine, regime distance 2.0; a study of your own regime joins the bank with"
            + " lag bank import)",
        bank.forStage(longer).regimeCoverage());
    Selection s =
        LagSelector.builder()
            .setTrainer(new CurveTrainer(CURVES))
            .optPolicy(new FixedLag(10))
            .optFinalStep(200)
            .optCalibration(bank.forStage(longer))
            .build()
            .choose(Pool.ofSpecs(List.of("stack-top", "midas", "zero-new")));
    assertTrue(
        s.confidence().measures().endsWith(bank.forStage(longer).regimeCoverage()),
        s.confidence().measures());
    assertEquals(null, s.confidence().trackRecord(), "three studies: none to spare for a record");
  }

  @Test
  void aPickCarriesHowTheBanksPicksAtItsLagFared() {
    BankCalibration bank =
        new BankCalibration(
            List.of(study("a", 0), study("b", 1), study("c", 2), study("d", 3)),
            (s, others) -> new LastValueScorer(Metric.EVAL_LOSS));
    long stage = bank.studies().get(0).finalStep();
    Selection s =
        LagSelector.builder()
            .setTrainer(new CurveTrainer(CURVES))
            .optPolicy(new FixedLag(10))
            .optFinalStep(200)
            .optCalibration(bank.forStage(new BankCalibration.Regime(stage, Decay.Kind.COSINE)))
            .build()
            .choose(Pool.ofSpecs(List.of("stack-top", "midas", "zero-new")));
    var record = s.confidence().trackRecord();
    assertEquals(10, record.lag());
    assertEquals(4, record.studies());
    assertEquals(12, record.picks(), "four studies of three replicas");
    // Every study ends with stack-top best and the evidence at 10 steps is read with the prior's
    // help: each held-out pick comes true.
    assertEquals(12, record.cameBest(), record.describe());
    assertTrue(
        record.describe().startsWith("track record at lag 10 on the bank's 4 "), record.describe());
    var json = SelectionJson.toJson(s, new com.fasterxml.jackson.databind.ObjectMapper());
    assertEquals(12, json.path("confidence").path("trackRecord").path("cameBest").asInt());
  }

  @Test
  void withoutABankTheSelectionSaysThereIsNothingToCalibrateAgainst() {
    Selection s =
        LagSelector.builder()
            .setTrainer(new CurveTrainer(CURVES))
            .optPolicy(new FixedLag(10))
            .optFinalStep(200)
            .build()
            .choose(Pool.ofSpecs(List.of("stack-top", "midas", "zero-new")));
    assertFalse(s.confidence().computed());
    assertTrue(s.confidence().measures().startsWith("none: no bank"), s.confidence().measures());
  }

  @Test
  void candidatesThatLoggedIdenticalRunsClaimTheirModelsWholeChance() {
    BankCalibration bank =
        new BankCalibration(
            List.of(study("a", 0), study("b", 1), study("c", 2)),
            (s, others) -> new LastValueScorer(Metric.EVAL_LOSS));
    // "stack-again" is stack-top built by another operator: the same model, the same runs.
    Map<String, double[]> curves = new java.util.HashMap<>(CURVES);
    curves.put("stack-again", CURVES.get("stack-top"));
    Selection s =
        LagSelector.builder()
            .setTrainer(new CurveTrainer(curves))
            .optPolicy(new FixedLag(10))
            .optFinalStep(200)
            .optCalibration(bank)
            .build()
            .choose(Pool.ofSpecs(List.of("stack-top", "midas", "stack-again", "zero-new")));
    PickConfidence c = s.confidence();
    assertEquals(c.pBest().get("stack-top"), c.pBest().get("stack-again"), 1e-12);
    assertEquals(c.pWithin().get("stack-top"), c.pWithin().get("stack-again"), 1e-12);
    double sum = c.pBest().values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1 + c.pBest().get("stack-top"), sum, 1e-9, "the twins' one chance, twice");
    assertTrue(
        c.measures().contains("stack-top, stack-again logged identical runs up to the lag"),
        c.measures());
  }
}
