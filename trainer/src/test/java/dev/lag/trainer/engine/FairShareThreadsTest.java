package dev.lag.trainer.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cores' fair share, and which heartbeats count, at instants the test sets. */
class FairShareThreadsTest {
  @Test
  void eachTrainingGetsItsShareOfTheCoresAndAtLeastOne() {
    assertEquals(16, FairShareThreads.share(16, 1));
    assertEquals(8, FairShareThreads.share(16, 2));
    assertEquals(5, FairShareThreads.share(16, 3));
    assertEquals(1, FairShareThreads.share(2, 2));
    assertEquals(1, FairShareThreads.share(2, 3), "more trainings than cores: one each");
    assertEquals(2, FairShareThreads.share(2, 0));
  }

  @Test
  void liveFreshHeartbeatsCountStaleAndDeadOnesDoNot(@TempDir Path dir) throws Exception {
    Instant now = Instant.parse("2026-12-06T12:00:00Z");
    long me = ProcessHandle.current().pid();
    FairShareThreads share = new FairShareThreads(dir, me, true);
    assertEquals(1, share.beat(now), "alone");
    assertTrue(Files.exists(dir.resolve(Long.toString(me))));

    // Another live process (the one that started this JVM) that trained a moment ago counts ...
    Path other = dir.resolve(Long.toString(ProcessHandle.current().parent().orElseThrow().pid()));
    Files.createFile(other);
    Files.setLastModifiedTime(other, FileTime.from(now.minusSeconds(5)));
    assertEquals(2, share.beat(now));
    // ... and stops counting once its heartbeat is stale (it no longer trains).
    Files.setLastModifiedTime(
        other, FileTime.from(now.minus(FairShareThreads.FRESH).minusSeconds(1)));
    assertEquals(1, share.beat(now));

    // A process that has ended is not counted, and its file is removed.
    Path dead = dir.resolve(Long.toString(1L << 62));
    Files.createFile(dead);
    Files.setLastModifiedTime(dead, FileTime.from(now));
    assertEquals(1, share.beat(now));
    assertFalse(Files.exists(dead));
    Files.writeString(dir.resolve("notes.txt"), "not a heartbeat");
    assertEquals(1, share.beat(now), "files that are not pids are ignored");
  }
}
