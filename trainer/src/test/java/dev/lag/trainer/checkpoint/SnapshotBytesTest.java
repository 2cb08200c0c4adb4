package dev.lag.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.train.TrainingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("djl")
class SnapshotBytesTest {
  private static Snapshot trained() {
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state =
            TrainingState.fresh(
                CheckpointsTest.CONFIG.model(), CheckpointsTest.CONFIG.train(), root)) {
      CheckpointsTest.train(state, CheckpointsTest.CONFIG, r -> r.step() >= 3);
      return state.toSnapshot(CheckpointsTest.CONFIG);
    }
  }

  /** The task cache's bytes are made in memory: they must be the directory's files exactly. */
  @Test
  void theBytesInMemoryAreTheCheckpointDirectorysFiles(@TempDir Path dir) throws Exception {
    Snapshot snapshot = trained();
    Checkpoints.write(dir.resolve("ckpt"), snapshot);
    SortedMap<String, byte[]> files = Checkpoints.files(snapshot);
    assertEquals(4, files.size());
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("ckpt").resolve(f.getKey())), f.getValue(), f.getKey());
    }
  }

  @Test
  void aSnapshotComesBackExactly() {
    Snapshot snapshot = trained();
    Snapshot back = SnapshotBytes.decode(SnapshotBytes.encode(snapshot));
    assertEquals(snapshot.config(), back.config());
    assertEquals(snapshot.counters(), back.counters());
    assertSame(snapshot.parameters(), back.parameters());
    assertSame(snapshot.firstMoments(), back.firstMoments());
    assertSame(snapshot.secondMoments(), back.secondMoments());
  }

  @Test
  void aFlippedByteIsRefusedNotLoaded() {
    byte[] bytes = SnapshotBytes.encode(trained());
    bytes[bytes.length / 2] ^= 1;
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> SnapshotBytes.decode(bytes));
    assertTrue(e.getMessage().contains("fails its SHA-256 check"), e.getMessage());
  }

  private static void assertSame(Map<String, HostTensor> expected, Map<String, HostTensor> got) {
    assertEquals(expected.keySet(), got.keySet());
    expected.forEach(
        (name, t) -> {
          assertArrayEquals(t.shape(), got.get(name).shape(), name);
          assertArrayEquals(t.data(), got.get(name).data(), name);
        });
  }
}
