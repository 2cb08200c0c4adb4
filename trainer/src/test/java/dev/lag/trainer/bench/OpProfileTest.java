package dev.lag.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lag.trainer.bench.OpProfile.Phase;
import dev.lag.trainer.bench.OpProfile.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpProfileTest {
  private static String event(String name, double ts, double dur, int tid) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"name\":\"%s\",\"ph\":\"X\",\"ts\":%.1f,\"dur\":%.1f,\"tid\":%d,\"pid\":\"CPU\"}",
        name,
        ts,
        dur,
        tid);
  }

  /**
   * Nested ops count their own time only, and what runs under autograd's engine is backward: a
   * forward linear (10 us, 8 of them in mm), then a backward function (20 us) whose MmBackward0 (18
   * us) runs two mm (7 and 9 us), and an op on another thread.
   */
  @Test
  void selfTimesAndPhasesFollowTheNesting(@TempDir Path dir) throws Exception {
    String trace =
        "["
            + String.join(
                ",",
                event("aten::linear", 0, 10, 1),
                event("aten::mm", 1, 8, 1),
                event("autograd::engine::evaluate_function: MmBackward0", 20, 20, 1),
                event("MmBackward0", 20, 18, 1),
                event("aten::mm", 21, 7, 1),
                event("aten::mm", 29, 9, 1),
                event("aten::add_", 5, 4, 2))
            + "]";
    Path file = dir.resolve("trace.json");
    Files.writeString(file, trace);
    OpProfile p = OpProfile.read(file);

    assertEquals(34.0 / 1000, p.totalMs(), 1e-12, "top-level time over both threads");
    assertEquals(16.0 / 1000, self(p, "aten::mm", Phase.BACKWARD), 1e-12);
    assertEquals(8.0 / 1000, self(p, "aten::mm", Phase.FORWARD_OR_OPTIMIZER), 1e-12);
    assertEquals(2.0 / 1000, self(p, "aten::linear", Phase.FORWARD_OR_OPTIMIZER), 1e-12);
    assertEquals(2.0 / 1000, self(p, "MmBackward0", Phase.BACKWARD), 1e-12);
    assertEquals(4.0 / 1000, self(p, "aten::add_", Phase.FORWARD_OR_OPTIMIZER), 1e-12);
    assertEquals(2, row(p, "aten::mm", Phase.BACKWARD).calls());
    double sum = p.rows().stream().mapToDouble(Row::selfMs).sum();
    assertEquals(p.totalMs(), sum, 1e-12, "self times add up to the covered time");
  }

  private static double self(OpProfile p, String op, Phase phase) {
    return row(p, op, phase).selfMs();
  }

  private static Row row(OpProfile p, String op, Phase phase) {
    return p.rows().stream()
        .filter(r -> r.op().equals(op) && r.phase() == phase)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + op + " " + phase + " in " + p.rows()));
  }
}
