package dev.lag.selector.experiments.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.confidence.LagScale;
import dev.lag.selector.policy.Hedged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stacking run can pick by the hedged policy, calibrated on the bank its config names. */
class HedgedStackTest {
  /** The repository's bank, from this module's folder. */
  static final Path BANK = Path.of("../../bank").toAbsolutePath().normalize();

  static StackConfig config(String bank) throws Exception {
    return config(bank, "anneal");
  }

  static StackConfig config(String bank, String scorer) throws Exception {
    return config(bank, scorer, "hedged(r=20, confidence=0.8, budget=0.3)");
  }

  static StackConfig config(String bank, String scorer, String policy) throws Exception {
    return StackConfig.of(
        new ObjectMapper()
            .readTree(
                "{\"depths\": [2, 4], \"dModel\": 64, \"heads\": 4, \"seqLen\": 64,"
                    + " \"policy\": \""
                    + policy
                    + "\", \"bank\": \""
                    + bank
                    + "\", \"scorer\": \""
                    + scorer
                    + "\", \"baselines\": false}"),
        List.of());
  }

  @Test
  void hedgedNeedsABankAndIsCalibratedOnIt() throws Exception {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> config("none", "last"));
    assertTrue(e.getMessage().contains("hedged weighs evidence by a bank"), e.getMessage());
    InvalidInputException law = assertThrows(InvalidInputException.class, () -> config("none"));
    assertTrue(
        law.getMessage().startsWith("scorer=anneal: fits on earlier studies"), law.getMessage());
    if (Files.isDirectory(BANK)) {
      // No bank named: lag's own (lag.home, which the build sets to the repository).
      StackConfig own0 = config("");
      Hedged own = (Hedged) own0.selectionPolicy(own0.stageRun(1));
      assertTrue(own.calibration().studies().size() >= 8, "lag's own bank");
      StackConfig named = config(BANK.toString());
      Hedged h = (Hedged) named.selectionPolicy(named.stageRun(1));
      assertTrue(h.calibration().studies().size() >= 2, "every banked study");
      // Read at a share of each study's stage: the stage's length is known when the config is.
      StackConfig shares = config("", "anneal", "hedged(lags=fraction)");
      Hedged f = (Hedged) shares.selectionPolicy(shares.stageRun(1));
      assertEquals(LagScale.FRACTION, f.calibration().lagScale());
    }
  }
}
