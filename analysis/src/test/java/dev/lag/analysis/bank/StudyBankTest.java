package dev.lag.analysis.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyBankTest {
  /** Writes a study of two replicas whose losses fall to the given finals. */
  static void study(Path dir, Map<String, Double> finals) throws IOException {
    Files.createDirectories(dir);
    StringBuilder pool = new StringBuilder();
    StringBuilder candidates = new StringBuilder();
    StringBuilder byReplica = new StringBuilder();
    List<String> lines = new ArrayList<>();
    for (var e : finals.entrySet()) {
      String sep = pool.isEmpty() ? "" : ",";
      pool.append(sep)
          .append("{\"name\":\"%s\",\"growth\":\"%s\"}".formatted(e.getKey(), e.getKey()));
      candidates
          .append(sep)
          .append(
              "{\"name\":\"%s\",\"final\":%s,\"diverged\":false}"
                  .formatted(e.getKey(), e.getValue()));
      byReplica
          .append(sep)
          .append("\"%s\":[%s,%s]".formatted(e.getKey(), e.getValue(), e.getValue()));
      for (int r = 0; r < 2; r++) {
        for (int step = 0; step <= 100; step += 10) {
          double loss = e.getValue() + 2.0 / (1 + step);
          lines.add(
              "{\"candidate\":\"%s\",\"stage\":1,%s\"step\":%d,\"trainLoss\":%s,\"evalLoss\":%s}"
                  .formatted(e.getKey(), r == 0 ? "" : "\"replica\":1,", step, loss, loss));
        }
      }
    }
    Files.writeString(
        dir.resolve("study.json"),
        "{\"schemaVersion\":2,\"finalStep\":100,\"pool\":[%s],\"candidates\":[%s],\"finalsByReplica\":{%s},\"cooldowns\":[5]}"
            .formatted(pool, candidates, byReplica));
    Files.write(dir.resolve("metrics.jsonl"), lines);
  }

  @Test
  void findsEveryStudyBelowAFolderAndReadsItsReplicas(@TempDir Path bank) throws IOException {
    study(bank.resolve("a/study"), Map.of("midas", 1.0, "zero-new", 1.2));
    study(bank.resolve("b/deeper/study"), Map.of("midas", 1.5, "zero-new", 1.1, "stack-top", 1.3));
    StudyBank b = StudyBank.load(bank);
    assertEquals(2, b.studies().size());
    BankStudy first = b.studies().get(0);
    assertEquals(100, first.finalStep());
    assertEquals(List.of(5), first.cooldowns());
    assertEquals(2, first.replicas().get("midas").size());
    assertEquals("midas#1", first.replicas().get("midas").get(1).name());
    assertEquals(10, b.trajectories().size(), "2 x 2 + 3 x 2 replicas");
  }

  @Test
  void meanFinalRanksAreScaledWithinEachStudyAndAveraged(@TempDir Path bank) throws IOException {
    study(bank.resolve("a"), Map.of("midas", 1.0, "zero-new", 1.2));
    study(bank.resolve("b"), Map.of("midas", 1.5, "zero-new", 1.1, "stack-top", 1.3));
    Map<String, Double> ranks = StudyBank.load(bank).meanFinalRanks();
    // midas: 0 then 1 -> 0.5; zero-new: 1 then 0 -> 0.5; stack-top: 0.5. Ties keep their order.
    assertEquals(0.5, ranks.get("midas"), 1e-12);
    assertEquals(0.5, ranks.get("zero-new"), 1e-12);
    assertEquals(0.5, ranks.get("stack-top"), 1e-12);
    study(bank.resolve("c"), Map.of("midas", 1.0, "zero-new", 2.0));
    assertEquals(
        List.of("midas", "stack-top", "zero-new"),
        List.copyOf(StudyBank.load(bank).meanFinalRanks().keySet()));
  }

  @Test
  void aStudyIsLeftOutOfTheBankItIsJudgedAgainst(@TempDir Path bank) throws IOException {
    study(bank.resolve("a"), Map.of("midas", 1.0, "zero-new", 1.2));
    study(bank.resolve("b"), Map.of("midas", 1.5, "zero-new", 1.1));
    StudyBank b = StudyBank.load(bank);
    assertEquals(1, b.without(bank.resolve("a")).studies().size());
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> b.without(bank.resolve("a")).without(bank.resolve("b")));
    assertTrue(e.getMessage().startsWith("--bank="), e.getMessage());
  }

  @Test
  void anEmptyBankOrOneOfOtherPoolsIsRefusedByName(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("empty"));
    InvalidInputException none =
        assertThrows(InvalidInputException.class, () -> StudyBank.load(dir.resolve("empty")));
    assertTrue(none.getMessage().contains("holds no study"), none.getMessage());
    study(dir.resolve("bank/a"), Map.of("midas", 1.0, "zero-new", 1.2));
    InvalidInputException other =
        assertThrows(
            InvalidInputException.class,
            () -> StudyBank.load(dir.resolve("bank")).checkCovers(List.of("midas", "solar(b=2)")));
    assertTrue(other.getMessage().contains("no study in it ran solar"), other.getMessage());
    StudyBank.load(dir.resolve("bank")).checkCovers(List.of("midas(optimizer=copy)", "zero-new"));
  }
}
