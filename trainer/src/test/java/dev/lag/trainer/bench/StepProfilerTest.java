package dev.lag.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.trainer.bench.OpProfile.Phase;
import dev.lag.trainer.config.GptConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("djl")
class StepProfilerTest {
  private static final GptConfig TINY = new GptConfig(256, 32, 2, 2, 16, 4, true);

  /** A profile of real steps has both phases, with the backward's matmuls in it. */
  @Test
  void profilesTheStepsAfterTheWarmUp(@TempDir Path dir) throws Exception {
    OpProfile single = StepProfiler.single(TINY, 4, 2, 2, dir.resolve("single.json"));
    OpProfile batched = StepProfiler.batched(TINY, 4, 3, 2, 2, dir.resolve("batched.json"));
    for (OpProfile p : new OpProfile[] {single, batched}) {
      assertTrue(p.phaseMs(Phase.BACKWARD) > 0, p.table(10, 2));
      assertTrue(p.phaseMs(Phase.FORWARD_OR_OPTIMIZER) > 0, p.table(10, 2));
    }
    assertTrue(has(single, "aten::mm"), single.table(40, 2));
    assertTrue(has(batched, "aten::bmm"), batched.table(40, 2));
    assertTrue(Files.isRegularFile(dir.resolve("single.json")));
    assertTrue(Files.notExists(dir.resolve("single.json.partial")));
  }

  private static boolean has(OpProfile p, String op) {
    return p.rows().stream().anyMatch(r -> r.op().equals(op) && r.phase() == Phase.BACKWARD);
  }
}
