package dev.lag.selector.runners;

import dev.lag.analysis.trajectory.Point;

/**
 * The steps of a window as they are trained, for people watching a long run: a runner that trains
 * in this process calls it from the training thread after every step (a cluster runner cannot, and
 * calls it never). Records never come from here: they come from the window's result.
 */
@FunctionalInterface
public interface StepProgress {
  /** Nothing to show. */
  StepProgress NONE = (task, point) -> {};

  /** {@code task} has trained to {@code point.step()}. */
  void step(CandidateTask task, Point point);
}
