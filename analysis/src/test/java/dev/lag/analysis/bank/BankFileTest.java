package dev.lag.analysis.bank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankFileTest {
  /** A finished two-candidate, two-replica study as lag study writes it. */
  static Path study(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("study.json"),
        """
        {"finalStep": 40,
         "candidates": [{"name": "a", "final": 1.5, "diverged": false},
                        {"name": "b", "final": 1.4, "diverged": false}],
         "finalsByReplica": {"a": [1.51, 1.49], "b": [1.41, 1.39]},
         "cooldowns": [20],
         "pool": [{"name": "a", "growth": "stack-top"}, {"name": "b", "growth": "zero-new"}],
         "config": {"steps": 40, "lr": 0.003, "warmup": 5, "minLrRatio": 0.1,
                    "schedule": "wsd(decay=0.2)", "corpus": "embedded"}}
        """);
    Files.writeString(dir.resolve("run.json"), "{\"kind\": \"study\", \"status\": \"completed\"}");
    StringBuilder lines = new StringBuilder();
    for (String c : List.of("a", "b")) {
      for (int r = 0; r < 2; r++) {
        for (int step = 0; step <= 40; step += 20) {
          double loss = (c.equals("a") ? 2.0 : 2.1) - step / 100.0 + r / 1000.0;
          lines.append(
              String.format(
                  Locale.ROOT,
                  "{\"candidate\":\"%s\",\"replica\":%d,\"stage\":1,\"step\":%d,\"evalLoss\":%s,"
                      + "\"evalBatchLosses\":[%s,%s]}%n",
                  c,
                  r,
                  step,
                  loss,
                  loss - 0.01,
                  loss + 0.01));
        }
      }
    }
    Files.writeString(dir.resolve("metrics.jsonl"), lines.toString());
    return dir;
  }

  @Test
  void aBankedStudyReadsBackAsTheFolderDoes(@TempDir Path tmp) throws Exception {
    Path dir = study(tmp.resolve("s"));
    Path file = BankFile.write(dir, "toy-s40-wsd", tmp.resolve("bank"));
    assertEquals(tmp.resolve("bank/toy-s40-wsd.jsonl.gz"), file);
    BankStudy banked = BankFile.read(file);
    BankStudy folder = StudyBank.study(dir);
    assertEquals("toy-s40-wsd", banked.name());
    assertEquals(folder.growth(), banked.growth());
    assertEquals(folder.finals(), banked.finals());
    assertArrayEquals(folder.finalsByReplica().get("b"), banked.finalsByReplica().get("b"));
    assertEquals(folder.cooldowns(), banked.cooldowns());
    assertEquals(40, banked.finalStep());
    assertEquals("wsd(decay=0.2)", banked.config().get("schedule"));
    assertEquals(0.003, banked.schedule().at(20), 0, "the stable phase of the stage's schedule");
    assertEquals(folder.trajectories().size(), banked.trajectories().size());
    for (int i = 0; i < folder.trajectories().size(); i++) {
      Trajectory f = folder.trajectories().get(i);
      Trajectory b = banked.trajectories().get(i);
      assertEquals(f.name(), b.name());
      assertEquals(f.valueAt(Metric.EVAL_LOSS, 40), b.valueAt(Metric.EVAL_LOSS, 40), 0);
      assertEquals(f.evalBatchesAt(20), b.evalBatchesAt(20));
    }
    // A bank holding the file is loaded like a bank of folders, and leaves it out by its path.
    StudyBank bank = StudyBank.load(tmp.resolve("bank"));
    assertEquals(1, bank.studies().size());
    assertEquals(List.of("zero-new", "stack-top"), List.copyOf(bank.meanFinalRanks().keySet()));
    assertThrows(InvalidInputException.class, () -> bank.without(file));
  }

  @Test
  void aBankNeverReplacesAStudySilently(@TempDir Path tmp) throws Exception {
    Path dir = study(tmp.resolve("s"));
    Path file = BankFile.write(dir, "toy", tmp.resolve("bank"));
    byte[] before = Files.readAllBytes(file);
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> BankFile.write(dir, "toy", tmp.resolve("bank")));
    assertTrue(e.getMessage().startsWith("--name=toy: the bank holds"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  @Test
  void badInputNamesTheField(@TempDir Path tmp) throws Exception {
    Path dir = study(tmp.resolve("s"));
    assertTrue(
        assertThrows(InvalidInputException.class, () -> BankFile.write(dir, "Bad Name", tmp))
            .getMessage()
            .startsWith("--name=Bad Name"));
    assertTrue(
        assertThrows(
                InvalidInputException.class, () -> BankFile.write(tmp.resolve("none"), "x", tmp))
            .getMessage()
            .startsWith("STUDY="));
    Path notGz = tmp.resolve("plain.jsonl.gz");
    Files.writeString(notGz, "{}");
    assertTrue(
        assertThrows(InvalidInputException.class, () -> BankFile.read(notGz))
            .getMessage()
            .startsWith("--bank="));
    assertFalse(Files.exists(tmp.resolve("x.jsonl.gz")), "nothing written");
  }
}
