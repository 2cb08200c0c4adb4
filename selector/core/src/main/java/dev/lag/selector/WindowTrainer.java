package dev.lag.selector;

import dev.lag.analysis.trajectory.Point;
import java.util.function.Consumer;

/**
 * A {@link CandidateTrainer} that trains whole windows (any replica, with cooldown probes): it
 * implements {@link #train(CandidateTrainer.Window, Consumer)}, and the simple form is the window
 * of replica 0 without probes.
 */
public interface WindowTrainer extends CandidateTrainer {
  @Override
  void train(Window window, Consumer<Point> report);

  @Override
  default void train(Candidate candidate, long from, long until, Consumer<Point> report) {
    train(new Window(candidate, from, until), report);
  }
}
