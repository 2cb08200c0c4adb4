package dev.lag.selector.runners.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.selector.Candidate;
import dev.lag.selector.Pool;
import dev.lag.trainer.config.GptConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrowthsTest {
  @Test
  void specsAreResolvedAndCheckedAgainstTheGrowthPoint() {
    assertEquals(8, Growths.defaultPool().size());
    InvalidInputException op =
        assertThrows(InvalidInputException.class, () -> Growths.resolve(Candidate.of("midaz")));
    assertTrue(op.getMessage().contains("known: stack-all"), op.getMessage());
    GptConfig two = GptConfig.DEFAULT.withLayers(2);
    InvalidInputException depth =
        assertThrows(
            InvalidInputException.class,
            () -> Growths.check(Pool.ofSpecs(List.of("midas(b=2)")), two, two.withLayers(3), 100));
    assertTrue(depth.getMessage().contains("midas"), depth.getMessage());
    InvalidInputException ramp =
        assertThrows(
            InvalidInputException.class,
            () ->
                Growths.check(
                    Pool.ofSpecs(List.of("stack-top(ramp=200)")), two, two.withLayers(4), 100));
    assertEquals("ramp=200: longer than the stage (steps=100)", ramp.getMessage());
    InvalidInputException widen =
        assertThrows(
            InvalidInputException.class,
            () ->
                Growths.check(
                    Pool.ofSpecs(List.of("widen(freeze=10)")), two, two.withDModel(256), 100));
    assertTrue(widen.getMessage().contains("and this one adds none"), widen.getMessage());
  }
}
