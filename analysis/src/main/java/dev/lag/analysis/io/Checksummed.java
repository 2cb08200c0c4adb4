package dev.lag.analysis.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Files that carry their own CRC-32C in front of their content, written atomically but without an
 * fsync: a crash may leave one torn under its final name, and its reader, finding the check
 * failing, treats it as absent and makes it again (the task cache trains the window again, the bank
 * cache parses the bank file again). CRC-32C, not a cryptographic hash: it guards against torn and
 * damaged files, not against forgery, and the JDK computes it at memory speed.
 */
public final class Checksummed {
  /** Where the content starts in the bytes {@link #read} returns. */
  public static final int CONTENT = Integer.BYTES;

  private Checksummed() {}

  /** Writes {@code content} to {@code target} with its checksum in front. */
  public static void write(Path target, byte[] content) throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(content);
    byte[] check = ByteBuffer.allocate(CONTENT).putInt((int) crc.getValue()).array();
    AtomicFiles.writeUnsynced(
        target,
        out -> {
          out.write(check);
          out.write(content);
        });
  }

  /**
   * The bytes of a file {@link #write} wrote, its content from {@link #CONTENT} on; null when it is
   * too short or fails its checksum.
   *
   * @throws IOException when it cannot be read (absent, say)
   */
  public static byte[] read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (all.length < CONTENT) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(all, CONTENT, all.length - CONTENT);
    return ByteBuffer.wrap(all).getInt() == (int) crc.getValue() ? all : null;
  }
}
