package dev.lag.trainer.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A snapshot as one byte array, to send to another machine or keep in a task cache: the files of
 * its checkpoint directory, each with its name and length. Reading it back goes through {@link
 * Checkpoints#read}, so the SHA-256 of every tensor file is checked: a corrupted array is an error,
 * never a model.
 */
public final class SnapshotBytes {
  private static final int MAGIC = 0x6c616731; // "lag1"

  private SnapshotBytes() {}

  /** The bytes of a snapshot. */
  public static byte[] encode(Snapshot snapshot) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("lag-snapshot");
      Path dir = tmp.resolve("checkpoint");
      Checkpoints.write(dir, snapshot);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes);
          Stream<Path> files = Files.list(dir)) {
        List<Path> sorted = files.sorted().toList();
        out.writeInt(MAGIC);
        out.writeInt(sorted.size());
        for (Path f : sorted) {
          byte[] content = Files.readAllBytes(f);
          out.writeUTF(f.getFileName().toString());
          out.writeLong(content.length);
          out.write(content);
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /**
   * The snapshot in {@code bytes}.
   *
   * @throws dev.lag.analysis.InvalidInputException when the bytes are not a snapshot or fail the
   *     checksum
   */
  public static Snapshot decode(byte[] bytes) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("lag-snapshot");
      Path dir = Files.createDirectory(tmp.resolve("checkpoint"));
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        if (in.readInt() != MAGIC) {
          throw new dev.lag.analysis.InvalidInputException("snapshot bytes: not a lag snapshot");
        }
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
          String name = in.readUTF();
          if (name.contains("/") || name.contains("..")) {
            throw new dev.lag.analysis.InvalidInputException("snapshot bytes: bad file " + name);
          }
          long length = in.readLong();
          if (length < 0 || length > bytes.length) {
            throw new dev.lag.analysis.InvalidInputException("snapshot bytes: truncated");
          }
          Files.write(dir.resolve(name), in.readNBytes((int) length));
        }
      } catch (java.io.EOFException e) {
        throw new dev.lag.analysis.InvalidInputException("snapshot bytes: truncated");
      }
      return Checkpoints.read(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static void deleteQuietly(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
