package dev.lag.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.model.HostTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What training from a state depends on: the training start twins are recognised by. */
class SnapshotTest {
  static final RunConfig GROWN =
      RunConfig.DEFAULT.withAssignments(List.of("layers=4", "steps=40", "grownLayers=2,3"));

  static Snapshot state(RunConfig config, float value, double wallSeconds) {
    HostTensor t = new HostTensor(new long[] {2}, new float[] {value, 1});
    return new Snapshot(
        config,
        Map.of("w", t),
        Map.of("w", HostTensor.zeros(new long[] {2})),
        Map.of("w", HostTensor.zeros(new long[] {2})),
        new Snapshot.Counters(0, 5, 320, 1e6, wallSeconds, 7));
  }

  @Test
  void theGrownLayersAndTheWallTimeDoNotChangeTheComputation() {
    Snapshot top = state(GROWN, 0.5f, 1.0);
    Snapshot bottom = state(GROWN.with("grownLayers", "0,1"), 0.5f, 2.5);
    assertNotEquals(top, bottom);
    assertEquals(top.trainingStart(), bottom.trainingStart());
    assertEquals(top.trainingStart().hashCode(), bottom.trainingStart().hashCode());
    // The tensors are shared, not copied: a twin costs no memory.
    assertSame(top.parameters(), top.trainingStart().parameters());
  }

  @Test
  void aFreezeOrARampReadsTheGrownLayers() {
    for (String modifier : List.of("freeze", "ramp")) {
      RunConfig top = GROWN.with(modifier, 10);
      Snapshot a = state(top, 0.5f, 0);
      Snapshot b = state(top.with("grownLayers", "0,1"), 0.5f, 0);
      assertNotEquals(a.trainingStart(), b.trainingStart(), modifier);
    }
  }

  @Test
  void oneValueOrOneSettingApartIsAnotherComputation() {
    Snapshot a = state(GROWN, 0.5f, 0);
    assertNotEquals(a.trainingStart(), state(GROWN, Math.nextUp(0.5f), 0).trainingStart());
    assertNotEquals(a.trainingStart(), state(GROWN.with("lr", 1e-3), 0.5f, 0).trainingStart());
    Snapshot later = a.withCounters(new Snapshot.Counters(1, 5, 320, 1e6, 0, 7));
    assertNotEquals(a.trainingStart(), later.trainingStart());
  }
}
