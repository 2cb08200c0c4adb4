package dev.lag.analysis.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecTest {
  @Test
  void specsRoundTrip() {
    assertEquals(
        "midas(b=2, optimizer=copy, noise=0.01)",
        Spec.parse("growth spec", "midas( b=2,optimizer=copy , noise=0.01 )", "x").toString());
    assertEquals("stack-top", Spec.parse("growth spec", "stack-top", "x").toString());
    assertEquals(Map.of(), Spec.parse("growth spec", "zero-new()", "x").arguments());
    assertEquals(
        List.of("r", "eta"),
        List.copyOf(Spec.parse("policy", "halving(r=2, eta=3)", "x").arguments().keySet()));
  }

  @Test
  void aValueCanBeABracketedList() {
    Spec spec = Spec.parse("growth spec", "map(layers=[0, 1,1 ,0], optimizer=copy)", "x");
    assertEquals(Map.of("layers", "[0, 1,1 ,0]", "optimizer", "copy"), spec.arguments());
    assertEquals("map(layers=[0, 1,1 ,0], optimizer=copy)", spec.toString());
  }

  @Test
  void malformedSpecsNameWhatAndShowTheForm() {
    for (String bad : new String[] {"midas(b=2", "Midas", "midas(b)", "midas(b=1, b=2)", ""}) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> Spec.parse("policy", bad, "x(k=1)"));
      assertTrue(e.getMessage().startsWith("policy '" + bad + "'"), e.getMessage());
    }
  }
}
