package dev.lag.selector.experiments.study;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Probe;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.WindowTrainer;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A candidate trainer that trains nothing: it replays what a study recorded, so that a selection
 * policy can be judged offline on runs that went to the end of the stage. Replica r of a selection
 * plays recorded replica {@code (first + r) mod n}; a cooldown probe is replayed when the study
 * took one of that length at the window's end.
 */
public final class ReplayTrainer implements WindowTrainer {
  private final Map<String, List<Trajectory>> recorded;
  private final int first;

  /**
   * @param recorded each candidate's recorded replicas (replica order)
   * @param first the recorded replica that plays the selection's replica 0
   */
  public ReplayTrainer(Map<String, List<Trajectory>> recorded, int first) {
    this.recorded = recorded;
    this.first = first;
  }

  @Override
  public void train(Window w, Consumer<Point> report) {
    List<Trajectory> replicas = recorded.get(w.candidate().name());
    if (replicas == null || replicas.isEmpty()) {
      throw InvalidInputException.field("candidate", w.candidate().name(), "not in the study");
    }
    Trajectory t = replicas.get((first + w.replica()) % replicas.size());
    if (t.lastStep() < w.until()) {
      throw InvalidInputException.field(
          "lag", w.until(), "past the end of the recorded stage (" + t.lastStep() + " steps)");
    }
    for (Point p : t.points()) {
      if (p.step() > w.until() || (p.step() <= w.from() && w.from() != 0)) {
        continue;
      }
      // The study probed every lag of its grid with several lengths; replay what was asked.
      List<Probe> asked =
          p.step() == w.until()
              ? p.probes().stream().filter(q -> w.cooldowns().contains(q.steps())).toList()
              : List.of();
      if (!p.onlyProbes() || !asked.isEmpty()) {
        report.accept(p.withProbes(asked));
      }
    }
  }
}
