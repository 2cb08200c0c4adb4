package dev.lag.analysis.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.scoring.AnnealingLawScorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScorerRecipeTest {
  /** One candidate of 400 cosine steps whose loss falls as a power of the step. */
  static BankStudy study(String name, double level) {
    List<Point> points = new ArrayList<>();
    for (long step = 0; step <= 400; step += 20) {
      double loss = level + 2.0 / Math.sqrt(step + 20.0);
      points.add(new Point(step, Double.NaN, Double.NaN, Double.NaN, loss));
    }
    return new BankStudy(
        Path.of(name),
        name,
        Map.of("schedule", "cosine", "lr", "0.003", "warmup", "20"),
        Map.of("a", "a"),
        400,
        Map.of("a", level),
        Map.of("a", new double[] {level}),
        List.of(),
        List.of(new Trajectory("a", points)));
  }

  private static final BankStudy A = study("a", 1.0);
  private static final BankStudy B = study("b", 1.1);
  private static final BankStudy C = study("c", 1.3);

  private static AnnealingLawScorer make(ScorerRecipe recipe, BankStudy judged, BankStudy... from) {
    return (AnnealingLawScorer) recipe.make().apply(judged, List.of(from));
  }

  @Test
  void theAnnealingLawIsFittedOncePerSetOfStudies() {
    ScorerRecipe recipe = ScorerRecipe.annealingLaw(Metric.EVAL_LOSS);
    AnnealingLawScorer first = make(recipe, A, B, C);
    // Another list of the same studies, for another judged study: the same fit, not a new one.
    assertSame(first.law(), make(recipe, study("d", 0.9), B, C).law());
    assertNotSame(first.law(), make(recipe, A, C, B).law(), "another order sums otherwise");
    assertNotSame(first.law(), make(recipe, C, B).law());
    // Remembered or not, the law is the one fitted on those studies.
    assertEquals(
        ScorerRecipe.annealingLaw(List.of(B, C), A.schedule(), Metric.EVAL_LOSS).law(),
        first.law());
  }

  @Test
  void studiesAreTheSameByIdentityNotByName() {
    ScorerRecipe recipe = ScorerRecipe.annealingLaw(Metric.EVAL_LOSS);
    AnnealingLawScorer first = make(recipe, A, B);
    // A study of the same name with other curves (another bank's, say) is another study.
    AnnealingLawScorer other = make(recipe, A, study("b", 1.6));
    assertNotSame(first.law(), other.law());
  }
}
