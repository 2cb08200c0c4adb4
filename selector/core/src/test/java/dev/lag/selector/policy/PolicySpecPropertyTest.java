package dev.lag.selector.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated policy specs, as users type them on the command line, in config files and in service
 * requests: each is either a policy that describes itself back and whose longest lag is a real
 * number of steps that the stage check judges, or one line that names the problem. Nothing else: no
 * overflow, no other exception, no lag past 2^53.
 */
class PolicySpecPropertyTest {
  static final List<String> NAMES =
      List.of(
          "fixed-lag", "successive-halving", "race", "stable-ranking", "prior", "hedged", "fixd");
  static final List<String> KEYS = List.of("k", "r", "eta", "maxLag", "step", "window", "m", "x");
  static final List<String> VALUES =
      List.of(
          "0",
          "1",
          "2",
          "3",
          "20",
          "50",
          "400",
          "-1",
          "2.5",
          "1e308",
          "NaN",
          "abc",
          "",
          "4294967298",
          "2147483648",
          "9007199254740993",
          "9223372036854775807",
          "99999999999999999999");

  @Property(tries = 1500, seed = "20261206") // fixed: CI sees the same inputs every run
  void aPolicySpecIsAPolicyOrOneLineNamingTheProblem(@ForAll("specs") String spec) {
    SelectionPolicy policy;
    try {
      policy = Policies.parse(spec);
    } catch (InvalidInputException e) {
      assertOneLine(e);
      return;
    }
    assertEquals(policy.describe(), Policies.parse(policy.describe()).describe(), spec);
    long longest = policy.longestLag(8);
    assertTrue(longest >= 0 && longest <= Policies.MAX_STEP, spec + ": longest lag " + longest);
    try {
      Policies.checkFits(policy, 8, 400, 0, "last");
    } catch (InvalidInputException e) {
      assertOneLine(e);
    }
  }

  static void assertOneLine(InvalidInputException e) {
    assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "a message");
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Provide
  Arbitrary<String> specs() {
    Arbitrary<String> argument =
        Combinators.combine(Arbitraries.of(KEYS), Arbitraries.of(VALUES)).as((k, v) -> k + "=" + v);
    Arbitrary<String> well =
        Combinators.combine(
                Arbitraries.of(NAMES), argument.list().ofMaxSize(4).map(a -> String.join(", ", a)))
            .as((name, args) -> args.isEmpty() ? name : name + "(" + args + ")");
    // Broken syntax too: a missing parenthesis, stray characters, nothing at all.
    Arbitrary<String> broken =
        well.map(s -> s.endsWith(")") ? s.substring(0, s.length() - 1) : s + ")(");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, well),
        net.jqwik.api.Tuple.of(1, broken),
        net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
  }
}
