package dev.lag.selector;

import dev.lag.analysis.InvalidInputException;
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
 *
 * <p>A trainer that can train seed replicas (the same candidate from another data order) and take
 * cooldown probes overrides {@link #train(Window, Consumer)}; the simple method trains replica 0
 * without probes, which is all a selection with one replica and a scorer of the loss needs.
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
   * One window of one replica of a candidate.
   *
   * @param candidate the candidate
   * @param replica which seed replica: 0 is the candidate's own data order, replica r trains from
   *     the r-th other (and draws any new weights anew)
   * @param from the step it has reached
   * @param until the step to train to
   * @param cooldowns after the window, take a cooldown probe of each of these lengths (in steps) at
   *     {@code until} and report them on one point ({@link Point#ofProbes}); the probes' steps are
   *     not the candidate's; empty for none
   */
  record Window(Candidate candidate, int replica, long from, long until, List<Integer> cooldowns) {
    /** Replica 0, no probe. */
    public Window(Candidate candidate, long from, long until) {
      this(candidate, 0, from, until, List.of());
    }

    /** An immutable list of probes. */
    public Window {
      cooldowns = List.copyOf(cooldowns);
    }
  }

  /**
   * Trains one window. The default trains replica 0 without probes through {@link #train(Candidate,
   * long, long, Consumer)} and refuses the rest: override it to train replicas or take probes.
   */
  default void train(Window window, Consumer<Point> report) {
    if (window.replica() != 0 || !window.cooldowns().isEmpty()) {
      throw InvalidInputException.field(
          window.replica() != 0 ? "replicas" : "scorer",
          window.replica() != 0 ? window.replica() + 1 : "cooldown" + window.cooldowns(),
          "this trainer trains one replica and takes no probes; give it train(Window, ...)");
    }
    train(window.candidate(), window.from(), window.until(), report);
  }

  /**
   * Trains several windows, which are independent: a trainer with several devices or machines runs
   * them at once. Reports come window by window, in request order, whatever order they ran in. The
   * default trains one after another.
   */
  default void trainAll(List<Window> windows, BiConsumer<Window, Point> report) {
    for (Window w : windows) {
      train(w, p -> report.accept(w, p));
    }
  }
}
