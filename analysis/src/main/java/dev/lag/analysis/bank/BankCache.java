package dev.lag.analysis.bank;

import dev.lag.analysis.io.Checksummed;
import dev.lag.analysis.trajectory.PointBytes;
import dev.lag.analysis.trajectory.Trajectory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Bank files parsed once per machine. A bank file is gzipped JSON, the lasting form, and parsing it
 * costs a second or more per study for every {@code lag select} that weighs evidence by the bank;
 * the parse is kept as bytes (doubles as their bits, so exactly what the JSON held) under the
 * SHA-256 of the bank file, so an edited or replaced file is parsed again and never confused with
 * its old self. A cache file carries its own checksum: one that is torn, foreign or of another
 * layout is ignored and written again. The cache is an optimisation only: where it cannot be
 * written nothing changes but the time.
 *
 * <p>Where: the {@code lag.cache} system property, else {@code LAG_CACHE}, else {@code
 * $XDG_CACHE_HOME/lag}, else {@code ~/.cache/lag}; the value {@code off} turns it off.
 */
final class BankCache {
  /** Layout version: a cache file of another layout is parsed again. */
  private static final int FORMAT = 1;

  private BankCache() {}

  /** A bank file's header line and its runs, as parsed. */
  record Parsed(String header, List<Trajectory> trajectories) {}

  /** The SHA-256 of a bank file's bytes, the name of its cache entry. */
  static String key(byte[] bankFile) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bankFile));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The parse cached under {@code key}; null when there is none (or it does not check out). */
  static Parsed get(String key) {
    Path file = file(key);
    if (file == null || !Files.isRegularFile(file)) {
      return null;
    }
    try {
      byte[] all = Checksummed.read(file);
      if (all == null) {
        return null;
      }
      int from = Checksummed.CONTENT;
      DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(all, from, all.length - from));
      if (in.readInt() != FORMAT) {
        return null;
      }
      String header = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
      int runs = in.readInt();
      List<Trajectory> trajectories = new ArrayList<>(runs);
      for (int i = 0; i < runs; i++) {
        String name = in.readUTF();
        boolean diverged = in.readBoolean();
        trajectories.add(new Trajectory(name, PointBytes.read(in, all.length), diverged));
      }
      return new Parsed(header, trajectories);
    } catch (IOException | RuntimeException e) {
      return null; // a foreign or torn file: parse the bank file again
    }
  }

  /** Keeps a parse under {@code key}, where a cache folder can be written. */
  static void put(String key, Parsed parsed) {
    Path file = file(key);
    if (file == null) {
      return;
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(FORMAT);
      byte[] header = parsed.header().getBytes(StandardCharsets.UTF_8);
      out.writeInt(header.length);
      out.write(header);
      out.writeInt(parsed.trajectories().size());
      for (Trajectory t : parsed.trajectories()) {
        out.writeUTF(t.name());
        out.writeBoolean(t.diverged());
        PointBytes.write(out, t.points());
      }
      out.flush();
      Checksummed.write(file, bytes.toByteArray());
    } catch (IOException | RuntimeException e) {
      // An unwritable cache costs only time: the bank is parsed again next time.
    }
  }

  private static Path file(String key) {
    Path dir = dir();
    return dir == null ? null : dir.resolve("bank").resolve(key + ".bin");
  }

  /** The cache folder, or null when turned off or nowhere to put it. */
  static Path dir() {
    String named = System.getProperty("lag.cache", System.getenv("LAG_CACHE"));
    if (named != null && !named.isBlank()) {
      return named.trim().equals("off") ? null : Path.of(named.trim());
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "lag");
    }
    String home = System.getProperty("user.home");
    return home == null || home.isBlank() ? null : Path.of(home, ".cache", "lag");
  }
}
