package dev.lag.analysis.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A study seen with a smaller pool keeps exactly its candidates' curves and finals. */
class BankStudyPoolTest {
  /** Candidates c0 (grown by op-a), c1 (op-b), c2 (op-c), two replicas each. */
  private static BankStudy study() {
    Map<String, String> growth = new LinkedHashMap<>();
    Map<String, Double> finals = new LinkedHashMap<>();
    Map<String, double[]> byReplica = new LinkedHashMap<>();
    List<Trajectory> runs = new ArrayList<>();
    String[] ops = {"op-a", "op-b", "op-c"};
    for (int c = 0; c < ops.length; c++) {
      String name = "c" + c;
      growth.put(name, ops[c]);
      finals.put(name, 1.0 + c);
      byReplica.put(name, new double[] {1.0 + c, 1.1 + c});
      for (int r = 0; r < 2; r++) {
        runs.add(
            new Trajectory(
                r == 0 ? name : name + "#" + r,
                List.of(Point.ofLoss(0, 5.0 + c), Point.ofLoss(10, 1.0 + c + 0.1 * r))));
      }
    }
    return new BankStudy(
        Path.of("s"), "s", Map.of("steps", "10"), growth, 10, finals, byReplica, List.of(), runs);
  }

  @Test
  void aSmallerPoolKeepsItsCandidatesInPoolOrder() {
    BankStudy seen = study().withPool(List.of("op-c", "op-a"));
    assertEquals(List.of("c0", "c2"), List.copyOf(seen.growth().keySet()), "the study's order");
    assertEquals(Map.of("c0", 1.0, "c2", 3.0), seen.finals());
    assertEquals(List.of("c0", "c2"), List.copyOf(seen.finalsByReplica().keySet()));
    assertEquals(
        List.of("c0", "c0#1", "c2", "c2#1"),
        seen.trajectories().stream().map(Trajectory::name).toList());
    assertEquals(2, seen.replicas().get("c2").size());
    assertEquals("s[op-c,op-a]", seen.name());
    assertEquals(study().dir(), seen.dir(), "leaving the study out of a bank leaves out its views");
  }

  @Test
  void anOperatorTheStudyDidNotRunIsNamed() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> study().withPool(List.of("op-a", "op-z")));
    assertEquals(true, e.getMessage().contains("op-z"), e.getMessage());
  }
}
