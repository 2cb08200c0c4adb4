package dev.lag.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lag.analysis.io.AtomicFiles;
import dev.lag.trainer.model.HostTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @Test
  void roundTripsAndFollowsTheFormat(@TempDir Path dir) throws Exception {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("a", new HostTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
    tensors.put("b.bias", new HostTensor(new long[] {1}, new float[] {Float.MIN_VALUE}));
    Path file = dir.resolve("t.safetensors");
    AtomicFiles.write(file, out -> SafeTensors.write(out, tensors, Map.of("format", "pt")));
    assertEquals(tensors, SafeTensors.read(file));

    byte[] bytes = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLength % 8, "header padded to 8 bytes");
    assertEquals(8 + headerLength + 7 * 4, bytes.length);
    // The first value of "a" is the first float after the header, little-endian.
    assertEquals(
        1f,
        ByteBuffer.wrap(bytes, (int) (8 + headerLength), 4)
            .order(ByteOrder.LITTLE_ENDIAN)
            .getFloat());
  }

  @Test
  void rejectsTruncatedFiles(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.safetensors");
    Map<String, HostTensor> tensors = Map.of("a", HostTensor.zeros(new long[] {100}));
    AtomicFiles.write(file, out -> SafeTensors.write(out, tensors, Map.of()));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    assertThrows(IOException.class, () -> SafeTensors.read(file));
    Files.write(file, new byte[] {1, 2, 3});
    assertThrows(IOException.class, () -> SafeTensors.read(file));
  }
}
