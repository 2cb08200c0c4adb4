package dev.lag.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.bank.StudyBank;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriorTest {
  /**
   * A study judged on lag's own bank breaks its ties by the order the <em>other</em> studies
   * measured, whether it is seen with its own pool or a smaller one: the benchmark, the demo's
   * evidence lines and {@code lag bank horizon} must agree on this (they once did not).
   */
  @Test
  void aHeldOutStudysTiesAreBrokenByTheOthersOrder() {
    StudyBank own = EvidenceTest.OWN;
    BankStudy judged = own.studies().get(0);
    Prior without = Prior.measuredWithout(own, judged);
    assertEquals(Prior.of(own.without(judged.dir())).order(), without.order());
    assertTrue(
        without.source().contains((own.studies().size() - 1) + " studies"), without.source());
    BankStudy smaller = judged.withPool(List.of("stack-top", "midas"));
    assertEquals(without.order(), Prior.measuredWithout(own, smaller).order());
    // Among the three stack operators, which grow one model at 2 -> 4, the choice is the order's.
    Map<String, String> tied =
        Map.of("stack-all", "stack-all", "stack-top", "stack-top", "stack-bottom", "stack-bottom");
    String chosen = without.choose(tied);
    assertEquals(
        without.order().stream().filter(tied::containsKey).findFirst().orElseThrow(), chosen);
  }
}
