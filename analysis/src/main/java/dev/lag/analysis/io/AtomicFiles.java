package dev.lag.analysis.io;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a crash never leaves a half file under the final name: write a temporary
 * sibling, fsync it, then rename it over the target.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** A sink that writes the whole content of a file. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the content to {@code out}. */
    void write(OutputStream out) throws IOException;
  }

  /** Atomically replaces {@code target} with what {@code writer} produces. */
  public static void write(Path target, Writer writer) throws IOException {
    write(target, writer, true);
  }

  /**
   * Atomically replaces {@code target}, without the fsync: only for a file that carries its own
   * checksum ({@link Checksummed#write}), which a crash may leave torn under its final name.
   */
  static void writeUnsynced(Path target, Writer writer) throws IOException {
    write(target, writer, false);
  }

  private static void write(Path target, Writer writer, boolean sync) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // Not Files.createTempFile: it makes owner-only files, and records should be readable as usual.
    Path tmp =
        dir.resolve(
            "." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    try {
      try (FileOutputStream file = new FileOutputStream(tmp.toFile());
          BufferedOutputStream out = new BufferedOutputStream(file, 1 << 16)) {
        writer.write(out);
        out.flush();
        if (sync) {
          file.getChannel().force(true);
        }
      }
      move(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Atomically replaces {@code target} with the given UTF-8 text. */
  public static void writeString(Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(target, out -> out.write(bytes));
  }

  /** Renames {@code source} to {@code target}, atomically where the file system allows. */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
