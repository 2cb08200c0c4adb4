package dev.lag.analysis.bank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.schedule.Decay;
import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A study from another framework's logs is banked in lag's format and read back whole. */
class ImportedStudyTest {
  private static final ImportedStudy.Stage STAGE =
      new ImportedStudy.Stage(100, "wsd(decay=0.2)", 3e-4, 10, 0.0, "owt");
  private static final Map<String, String> OPS = Map.of("a", "midas", "b", "stack-top");

  @TempDir Path dir;

  /** A run whose eval loss falls from {@code start} to {@code end} over 100 steps, every 10. */
  private static Trajectory run(String name, double start, double end, long last) {
    List<Point> points = new ArrayList<>();
    for (long s = 0; s <= last; s += 10) {
      double eval = start + (end - start) * s / 100.0;
      points.add(new Point(s, Double.NaN, Double.NaN, eval + 0.1, eval));
    }
    return new Trajectory(name, points);
  }

  private static List<Trajectory> twoBySeed() {
    return List.of(
        run("a#0", 3.0, 2.00, 100),
        run("a#1", 3.0, 2.02, 100),
        run("b#0", 3.1, 2.10, 100),
        run("b#1", 3.1, 2.11, 100));
  }

  @Test
  void bankedAndReadBackAsLagsOwn() {
    ImportedStudy study = ImportedStudy.of(twoBySeed(), ImportedStudy.REPLICA_NAMES, OPS, STAGE);
    Path file = BankFile.write(study, "torch-2to4-s100", dir, List.of(Path.of("logs")));
    BankStudy s = BankFile.read(file);
    assertEquals(Map.of("a", "midas", "b", "stack-top"), s.growth());
    assertEquals(100, s.finalStep());
    assertEquals("owt", s.config().get("corpus"), "lag bank list shows it");
    assertArrayEquals(new double[] {2.00, 2.02}, s.finalsByReplica().get("a"), 1e-12);
    assertEquals(2.105, s.finals().get("b"), 1e-12);
    assertEquals(2, s.replicas().get("b").size(), "two seeds of b, in seed order");
    assertEquals(2.11, s.replicas().get("b").get(1).valueAt(Metric.EVAL_LOSS, 100), 1e-12);
    assertEquals(
        new LearningRateSchedule(3e-4, 0.0, 10, 100, "wsd(decay=0.2)"),
        s.schedule(),
        "the annealing law reads the user's schedule");
    assertEquals(new BankCalibration.Regime(100, Decay.Kind.WSD), BankCalibration.Regime.of(s));
    assertTrue(BankCalibration.Truth.of(s).noise() > 0, "the seeds' spread is its unit");
    assertThrows(
        InvalidInputException.class,
        () -> BankFile.write(study, "torch-2to4-s100", dir, List.of()),
        "a banked study is never replaced");
  }

  @Test
  void runNamesMayCarryTheSeedTheirOwnWay() {
    List<Trajectory> runs =
        List.of(
            run("a-seed3", 3.0, 2.0, 100),
            run("a-seed7", 3.0, 2.1, 100),
            run("b-seed3", 3.0, 2.2, 100),
            run("b-seed7", 3.0, 2.3, 100));
    ImportedStudy study = ImportedStudy.of(runs, Pattern.compile("(.+)-seed(\\d+)"), OPS, STAGE);
    BankStudy s = BankFile.read(BankFile.write(study, "seeds", dir, List.of()));
    assertArrayEquals(new double[] {2.0, 2.1}, s.finalsByReplica().get("a"), 1e-12);
  }

  @Test
  void whatAStudyLacksIsNamed() {
    assertEquals(
        "--op=b: no growth spec: name it with --op b=SPEC",
        assertThrows(
                InvalidInputException.class,
                () ->
                    ImportedStudy.of(
                        twoBySeed(), ImportedStudy.REPLICA_NAMES, Map.of("a", "midas"), STAGE))
            .getMessage());
    List<Trajectory> oneSeed = List.of(run("a", 3, 2, 100), run("b", 3, 2, 100));
    assertTrue(
        message(oneSeed).startsWith("INPUT=a: one seed"), "the seed noise needs two or more");
    List<Trajectory> short_ = new ArrayList<>(twoBySeed());
    short_.set(3, run("b#1", 3.1, 2.11, 90));
    assertEquals(
        "INPUT=b#1: no eval loss at step 100 (--stage): the finals are read there",
        message(short_));
    List<Trajectory> uneven = new ArrayList<>(twoBySeed());
    uneven.add(run("a#2", 3.0, 2.01, 100));
    assertTrue(message(uneven).contains("2 seeds where the others have 3"), message(uneven));
    assertEquals(
        "--op=b=midas: a is grown by midas too: each candidate its own operator",
        assertThrows(
                InvalidInputException.class,
                () ->
                    ImportedStudy.of(
                        twoBySeed(),
                        ImportedStudy.REPLICA_NAMES,
                        Map.of("a", "midas", "b", "midas"),
                        STAGE))
            .getMessage());
    assertThrows(
        InvalidInputException.class,
        () -> new ImportedStudy.Stage(100, "cosine", 1e-3, 100, 0.1, ""));
    assertThrows(
        InvalidInputException.class,
        () -> new ImportedStudy.Stage(100, "wsd(decay=2)", 1e-3, 10, 0.1, ""));
  }

  private static String message(List<Trajectory> runs) {
    return assertThrows(
            InvalidInputException.class,
            () -> ImportedStudy.of(runs, ImportedStudy.REPLICA_NAMES, OPS, STAGE))
        .getMessage();
  }
}
