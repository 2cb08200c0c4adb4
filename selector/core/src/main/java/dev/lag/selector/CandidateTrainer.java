package dev.lag.selector;

import dev.lag.analysis.trajectory.Point;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The plug-in point for training loops: "given a candidate, train it from step {@code from} until
 * step {@code until} after growth, and report every step". {@link LagSelector} calls it with
 * increasing ranges for each candidate (a policy may pause a candidate and continue it later), so
 * an implementation keeps or saves each candidate's state between calls. The built-in
 * implementation, {@code DjlCandidateTrainer} in {@code lag-selector-runners}, trains lag's own
 * GPT; implement this interface to select for a loop lag does not own.
 */
@FunctionalInterface
public interface CandidateTrainer {
  /**
   * Trains {@code candidate} over steps {@code (from, until]}; {@code from == 0} means it has just
   * been grown (report its loss at step 0 too, when known). A diverged run reports a non-finite
   * loss and returns.
   *
   * @param candidate the candidate
   * @param from the step it has reached (0: not trained since growth)
   * @param until the step to train to
   * @param report receives one point per step, in order
   */
  void train(Candidate candidate, long from, long until, Consumer<Point> report);

  /**
   * One candidate's next window.
   *
   * @param candidate the candidate
   * @param from the step it has reached
   * @param until the step to train to
   */
  record Request(Candidate candidate, long from, long until) {}

  /**
   * Trains several candidates' windows, which are independent: a trainer with several devices or
   * machines runs them at once. Reports come candidate by candidate, in request order, whatever
   * order they ran in. The default trains one after another.
   */
  default void trainAll(List<Request> requests, BiConsumer<String, Point> report) {
    for (Request r : requests) {
      train(r.candidate(), r.from(), r.until(), p -> report.accept(r.candidate().name(), p));
    }
  }
}
