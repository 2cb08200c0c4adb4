package dev.lag.analysis.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankCacheTest {
  @TempDir Path tmp;
  private String before;

  @BeforeEach
  void cacheInTheTestsFolder() {
    before = System.getProperty("lag.cache");
    System.setProperty("lag.cache", tmp.resolve("cache").toString());
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty("lag.cache");
    } else {
      System.setProperty("lag.cache", before);
    }
  }

  private static List<Path> entries(Path cache) throws Exception {
    if (!Files.isDirectory(cache.resolve("bank"))) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache.resolve("bank"))) {
      return files.filter(f -> f.toString().endsWith(".bin")).sorted().toList();
    }
  }

  private static void assertSameStudy(BankStudy expected, BankStudy got) {
    assertEquals(expected.name(), got.name());
    assertEquals(expected.config(), got.config());
    assertEquals(expected.finals(), got.finals());
    assertEquals(expected.trajectories().size(), got.trajectories().size());
    for (int i = 0; i < expected.trajectories().size(); i++) {
      assertEquals(expected.trajectories().get(i).name(), got.trajectories().get(i).name());
      assertEquals(expected.trajectories().get(i).diverged(), got.trajectories().get(i).diverged());
      // Point by point, every value to the bit: the cache must be the parse, not an approximation.
      assertEquals(expected.trajectories().get(i).points(), got.trajectories().get(i).points());
    }
  }

  @Test
  void aCachedParseIsTheParseAndIsUsedTheNextTime() throws Exception {
    Path file = BankFile.write(BankFileTest.study(tmp.resolve("s")), "toy", tmp.resolve("bank"));
    System.setProperty("lag.cache", "off");
    BankStudy parsed = BankFile.read(file);
    assertEquals(List.of(), entries(tmp.resolve("cache")), "off writes nothing");

    System.setProperty("lag.cache", tmp.resolve("cache").toString());
    assertSameStudy(parsed, BankFile.read(file));
    List<Path> kept = entries(tmp.resolve("cache"));
    assertEquals(1, kept.size(), "one entry per bank file");
    byte[] entry = Files.readAllBytes(kept.get(0));
    assertSameStudy(parsed, BankFile.read(file)); // from the cache now
    assertEquals(kept, entries(tmp.resolve("cache")));

    // The read takes the cache's runs, not a parse of its own: an entry that says otherwise wins.
    String key = BankCache.key(Files.readAllBytes(file));
    BankCache.Parsed held = BankCache.get(key);
    List<Trajectory> one = held.trajectories().subList(0, 1);
    BankCache.put(key, new BankCache.Parsed(held.header(), one));
    assertEquals(1, BankFile.read(file).trajectories().size());
    BankCache.put(key, held);
    entry = Files.readAllBytes(kept.get(0));

    // A damaged entry is ignored, and written again whole.
    byte[] damaged = entry.clone();
    damaged[damaged.length / 2] ^= 1;
    Files.write(kept.get(0), damaged);
    assertSameStudy(parsed, BankFile.read(file));
    assertTrue(java.util.Arrays.equals(entry, Files.readAllBytes(kept.get(0))));
  }

  @Test
  void anotherFileUnderTheSameNameIsParsedAgain() throws Exception {
    Path file = BankFile.write(BankFileTest.study(tmp.resolve("s")), "toy", tmp.resolve("bank"));
    BankStudy first = BankFile.read(file);
    // The same name, other curves: keyed by content, the old parse is never taken for it.
    Path other = tmp.resolve("t");
    BankFileTest.study(other);
    Files.writeString(
        other.resolve("metrics.jsonl"),
        Files.readString(other.resolve("metrics.jsonl")).replace("\"step\":40,", "\"step\":39,"));
    Files.delete(file);
    BankFile.write(other, "toy", tmp.resolve("bank"));
    BankStudy second = BankFile.read(file);
    assertEquals(2, entries(tmp.resolve("cache")).size());
    assertNotEquals(
        first.trajectories().get(0).points().get(2).step(),
        second.trajectories().get(0).points().get(2).step());
  }
}
