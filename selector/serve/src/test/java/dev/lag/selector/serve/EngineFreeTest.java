package dev.lag.selector.serve;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service's classpath (this module's dependencies, as a user who adds {@code
 * lag-selector-serve} gets them) holds no engine, no trainer, no operators, no GPL code: a local
 * service for a Python loop starts without loading PyTorch.
 */
class EngineFreeTest {
  @Test
  void theServiceNeedsNoEngineNoTrainerAndNoSmile() {
    for (String c :
        List.of(
            "ai.djl.engine.Engine",
            "ai.djl.pytorch.engine.PtEngine",
            "dev.lag.trainer.model.Gpt",
            "dev.lag.strategies.GrowthOperators",
            "smile.regression.RandomForest",
            "com.hazelcast.core.Hazelcast",
            // Nor the runners or the command line: the service is a library of its own.
            "dev.lag.selector.runners.LocalRunner",
            "picocli.CommandLine")) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(c), c);
    }
  }
}
