package dev.lag.selector.policy;

import dev.lag.selector.SelectionHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Successive halving (Jamieson and Talwalkar 2016; the synchronous form of ASHA, Li et al.): train
 * every candidate for r steps, keep the best ceil(n / eta), multiply r by eta, and repeat until one
 * candidate is left. The rungs are replayed from the history, so the policy holds no state. Compute
 * goes to candidates that stay in contention, which is where a fixed lag wastes it.
 *
 * @param r steps of the first rung
 * @param eta reduction factor (keep 1/eta per rung), at least 2
 */
public record SuccessiveHalving(long r, int eta) implements SelectionPolicy {
  /** Validates r and eta. */
  public SuccessiveHalving {
    if (r < 1) {
      throw new dev.lag.analysis.InvalidInputException(
          "successive-halving: r=" + r + " must be at least 1");
    }
    if (eta < 2) {
      throw new dev.lag.analysis.InvalidInputException(
          "successive-halving: eta=" + eta + " must be at least 2");
    }
  }

  @Override
  public Decision decide(List<String> candidates, SelectionHistory history) {
    List<String> alive = history.alive(candidates);
    long rung = r;
    while (true) {
      Map<String, Long> behind = new LinkedHashMap<>();
      for (String c : alive) {
        if (history.reached(c) < rung && !history.diverged(c)) {
          behind.put(c, rung);
        }
      }
      if (!behind.isEmpty()) {
        return new Decision.Train(behind);
      }
      alive.removeIf(history::diverged);
      if (alive.size() <= 1) {
        return new Decision.Pick(rung, "one candidate left after the rung at " + rung + " steps");
      }
      List<String> unscored = history.unscored(alive, rung);
      if (!unscored.isEmpty()) {
        return new Decision.Missing(rung, unscored);
      }
      List<String> ranked = history.rank(alive, rung);
      alive = new ArrayList<>(ranked.subList(0, (int) Math.ceil(ranked.size() / (double) eta)));
      if (alive.size() == 1) {
        return new Decision.Pick(rung, "best 1 of the rung at " + rung + " steps");
      }
      rung *= eta;
    }
  }

  @Override
  public long longestLag(int candidates) {
    return lastRung(r, eta, candidates);
  }

  /** The rung at which halving n candidates by eta leaves one: r * eta^(rungs - 1). */
  static long lastRung(long r, int eta, int candidates) {
    long rung = r;
    for (long left = candidates; left > eta; left = (left + eta - 1) / eta) {
      rung = saturatedTimes(rung, eta);
    }
    return rung;
  }

  /**
   * {@code a * b}, or Long.MAX_VALUE where it would overflow: a rung past any stage, never a wrap.
   */
  static long saturatedTimes(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    long low = a * b;
    return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
  }

  @Override
  public String describe() {
    return "successive-halving(r=" + r + ", eta=" + eta + ")";
  }
}
