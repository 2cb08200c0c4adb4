package dev.lag.analysis.io;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Bytes that carry their own CRC-32C in front, for files a crash may tear (written without fsync,
 * see {@link AtomicFiles#writeChecksummed}): a reader that finds the check failing treats the file
 * as absent and makes it again. CRC-32C, not a cryptographic hash: it guards against torn and
 * damaged files, not against forgery, and the JDK computes it at memory speed.
 */
public final class Checksummed {
  private static final int CHECK = Integer.BYTES;

  private Checksummed() {}

  /** {@code content} with its checksum in front. */
  public static byte[] wrap(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    return ByteBuffer.allocate(CHECK + content.length)
        .putInt((int) crc.getValue())
        .put(content)
        .array();
  }

  /**
   * The offset where the content of {@link #wrap}'s bytes starts; -1 when they are too short or
   * fail their checksum.
   */
  public static int contentOffset(byte[] wrapped) {
    if (wrapped.length < CHECK) {
      return -1;
    }
    CRC32C crc = new CRC32C();
    crc.update(wrapped, CHECK, wrapped.length - CHECK);
    return ByteBuffer.wrap(wrapped).getInt() == (int) crc.getValue() ? CHECK : -1;
  }
}
