package dev.lag.trainer.checkpoint;

import dev.lag.analysis.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot as one byte array, to send to another machine or keep in a task cache: the files of
 * its checkpoint directory, each with its name and length, made and read in memory (no temporary
 * directory, no fsync). Reading it back checks the SHA-256 of every file as {@link
 * Checkpoints#read} does: a corrupted array is an error, never a model.
 */
public final class SnapshotBytes {
  private static final int MAGIC = 0x6c616731; // "lag1"

  private SnapshotBytes() {}

  /** The bytes of a snapshot. */
  public static byte[] encode(Snapshot snapshot) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      Map<String, byte[]> files = Checkpoints.files(snapshot);
      out.writeInt(MAGIC);
      out.writeInt(files.size());
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        out.writeUTF(f.getKey());
        out.writeLong(f.getValue().length);
        out.write(f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The snapshot in {@code bytes}.
   *
   * @throws InvalidInputException when the bytes are not a snapshot or fail the checksum
   */
  public static Snapshot decode(byte[] bytes) {
    Map<String, byte[]> files = new TreeMap<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != MAGIC) {
        throw new InvalidInputException("snapshot bytes: not a lag snapshot");
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        long length = in.readLong();
        if (length < 0 || length > bytes.length) {
          throw new InvalidInputException("snapshot bytes: truncated");
        }
        files.put(name, in.readNBytes((int) length));
      }
    } catch (EOFException e) {
      throw new InvalidInputException("snapshot bytes: truncated");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Checkpoints.read("in snapshot bytes", files);
  }
}
