package dev.lag.selector.policy;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.Prediction;
import dev.lag.selector.SelectionHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lengthen the lag in increments until the ranking settles: pick when the leader has been the same
 * at the last {@code window} checkpoints and its margin over the runner-up exceeds the combined
 * standard error of their scores (the step-to-step noise), or at {@code maxLag}.
 *
 * @param step lag increment between checkpoints
 * @param window checkpoints the leader must hold
 * @param maxLag longest lag allowed
 */
public record StableRanking(long step, int window, long maxLag) implements SelectionPolicy {
  /** Validates the parameters. */
  public StableRanking {
    if (step < 1) {
      throw new InvalidInputException("stable-ranking: step=" + step + " must be at least 1");
    }
    if (window < 1) {
      throw new InvalidInputException("stable-ranking: window=" + window + " must be at least 1");
    }
    if (maxLag < step) {
      throw new InvalidInputException(
          "stable-ranking: maxLag=" + maxLag + " must be at least step=" + step);
    }
  }

  @Override
  public Decision decide(List<String> candidates, SelectionHistory history) {
    List<String> alive = history.alive(candidates);
    long reached = Long.MAX_VALUE;
    for (String c : alive) {
      reached = Math.min(reached, history.reached(c));
    }
    long checkpoint = reached < step ? step : (reached / step) * step;
    if (alive.isEmpty()) {
      return new Decision.Pick(0, "every candidate diverged");
    }
    if (reached >= step) {
      for (int i = 0; i < window && checkpoint - i * step > 0; i++) {
        List<String> unscored = history.unscored(alive, checkpoint - i * step);
        if (!unscored.isEmpty()) {
          return new Decision.Missing(checkpoint - i * step, unscored);
        }
      }
    }
    if (reached >= step && settled(alive, history, checkpoint)) {
      return new Decision.Pick(
          checkpoint, "leader held for " + window + " checkpoints with a margin above the noise");
    }
    if (reached >= maxLag) {
      return new Decision.Pick(
          checkpoint, "reached maxLag=" + maxLag + " without a settled ranking");
    }
    long next = reached < step ? step : Math.min(maxLag, checkpoint + step);
    Map<String, Long> until = new LinkedHashMap<>();
    for (String c : alive) {
      if (history.reached(c) < next) {
        until.put(c, next);
      }
    }
    return new Decision.Train(until);
  }

  private boolean settled(List<String> alive, SelectionHistory history, long checkpoint) {
    if (checkpoint / step < window) {
      return false;
    }
    String leader = history.rank(alive, checkpoint).get(0);
    for (int i = 1; i < window; i++) {
      if (!history.rank(alive, checkpoint - i * step).get(0).equals(leader)) {
        return false;
      }
    }
    if (alive.size() == 1) {
      return true;
    }
    String second = history.rank(alive, checkpoint).get(1);
    Prediction a = history.score(leader, checkpoint);
    Prediction b = history.score(second, checkpoint);
    double noise = Math.hypot(zero(a.stdError()), zero(b.stdError()));
    return b.value() - a.value() > noise;
  }

  private static double zero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  @Override
  public long longestLag(int candidates) {
    return maxLag;
  }

  @Override
  public String describe() {
    return "stable-ranking(step=" + step + ", window=" + window + ", maxLag=" + maxLag + ")";
  }
}
