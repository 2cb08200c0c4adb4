package dev.lag.selector.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every number a policy spec holds is bounded where it is parsed: no overflow reaches a loop. */
class PoliciesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "successive-halving(r=9223372036854775807, eta=2) | r=9223372036854775807: must be 1 ..",
        "successive-halving(r=20, eta=4294967298) | eta=4294967298: must be 2 .. 64",
        "successive-halving(r=20, eta=1) | eta=1: must be 2 .. 64",
        "race(r=1000000000000, eta=64) | maxLag",
        "fixed-lag(k=-5) | k=-5: must be 0 ..",
        "stable-ranking(window=0) | window=0: must be 1 .. 1000",
        "fixed-lag(k=x) | k=x: not a whole number"
      })
  void outOfRangeNumbersAreOneLineNamingTheArgument(String spec, String expected) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> Policies.checkFits(Policies.parse(spec), 8, 1000, 0, "last"));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  /** The largest rung saturates instead of wrapping, so the stage check sees it is too long. */
  @ParameterizedTest
  @CsvSource({"9007199254740992, 64, 8", "4503599627370496, 2, 1000"})
  void lastRungsSaturateRatherThanWrap(long r, int eta, int candidates) {
    long rung = SuccessiveHalving.lastRung(r, eta, candidates);
    assertTrue(rung >= r, "a rung never shrinks: " + rung);
    assertEquals(Long.MAX_VALUE, SuccessiveHalving.saturatedTimes(Long.MAX_VALUE / 2, 3));
  }

  /** A record writes a policy as its spec: the spec must read back to the policy it names. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "fixed-lag(k=50)",
        "fixed-lag(k=0)",
        "successive-halving(r=20, eta=2)",
        "race(r=5, eta=2, maxLag=40)",
        "stable-ranking(step=10, window=3, maxLag=200)",
        "prior"
      })
  void aPolicysSpecIsWhatItDescribesAndReadsBack(String text) {
    SelectionPolicy policy = Policies.parse(text);
    assertEquals(text, Policies.spec(policy).toString());
    assertEquals(policy.describe(), Policies.parse(Policies.spec(policy).toString()).describe());
  }

  @org.junit.jupiter.api.Test
  void aHedgedPolicysSpecReadsBackToo() {
    for (boolean lookAhead : new boolean[] {false, true}) {
      Hedged h = HedgedTest.hedged(HedgedTest.UNSURE, 0.8, 0.3, lookAhead);
      assertEquals(h.describe(), Policies.spec(h).toString());
      assertEquals("hedged", Policies.spec(h).name());
    }
  }

  /**
   * No cooldown probe is taken at growth: a fixed lag of 0 with one is refused, the hedged policy
   * takes its probes only where they fit (so a stage shorter than a probe is no error for it), and
   * a fixed lag's probe must end within the stage.
   */
  @Test
  void cooldownProbesFitAfterGrowth() {
    InvalidInputException atGrowth =
        assertThrows(
            InvalidInputException.class,
            () -> Policies.checkFits(Policies.parse("fixed-lag(k=0)"), 4, 400, 20, "cooldown(20)"));
    assertTrue(atGrowth.getMessage().contains("never at growth"), atGrowth.getMessage());
    Hedged hedged =
        new Hedged(
            new dev.lag.analysis.confidence.BankCalibration(List.of(), (study, others) -> null),
            java.util.Map.of(),
            20,
            0.8,
            0.05,
            0.3,
            true);
    Policies.checkFits(hedged, 4, 12, 20, "cooldown(20)");
    Policies.checkFits(Policies.parse("prior"), 4, 12, 20, "cooldown(20)");
    Policies.checkFits(Policies.parse("fixed-lag(k=380)"), 4, 400, 20, "cooldown(20)");
    InvalidInputException past =
        assertThrows(
            InvalidInputException.class,
            () ->
                Policies.checkFits(Policies.parse("fixed-lag(k=381)"), 4, 400, 20, "cooldown(20)"));
    assertTrue(past.getMessage().contains("at most 19"), past.getMessage());
  }
}
