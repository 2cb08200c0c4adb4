package dev.lag.selector;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The core's classpath (this module's dependencies, as a user who adds {@code lag-selector-core}
 * gets them) holds no engine, no trainer, no operators, no GPL code: a loop in another framework
 * plugs in without shipping PyTorch.
 */
class EngineFreeTest {
  @Test
  void theCoreNeedsNoEngineNoTrainerAndNoSmile() {
    for (String c :
        List.of(
            "ai.djl.engine.Engine",
            "ai.djl.pytorch.engine.PtEngine",
            "dev.lag.trainer.model.Gpt",
            "dev.lag.strategies.GrowthOperators",
            "smile.regression.RandomForest",
            "com.hazelcast.core.Hazelcast")) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(c), c);
    }
  }
}
