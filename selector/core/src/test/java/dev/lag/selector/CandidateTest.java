package dev.lag.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateTest {
  @Test
  void aSpecWithBracketsJoinsAPoolUnderItsOwnName() {
    Pool pool = Pool.ofSpecs(List.of("map(layers=[0, 1, 1, 0])", "stack-top"));
    assertEquals("map(layers=[0,1,1,0])", pool.get("map(layers=[0,1,1,0])").name());
    assertEquals("map(layers=[0, 1, 1, 0])", pool.get("map(layers=[0,1,1,0])").growth());
  }

  @Test
  void aNameThatCannotGoIntoAFileOrUrlIsRefusedByName() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> Candidate.checkName("a/b"));
    assertTrue(e.getMessage().startsWith("candidate=a/b:"), e.getMessage());
  }
}
