package dev.lag.selector.policy;

import dev.lag.selector.SelectionHistory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The LAG paper's rule: train every candidate for k steps, then pick by the score at k. */
public record FixedLag(long k) implements SelectionPolicy {
  /** Validates k. */
  public FixedLag {
    if (k < 0) {
      throw new dev.lag.analysis.InvalidInputException("fixed-lag: k=" + k + " must be >= 0");
    }
  }

  @Override
  public Decision decide(List<String> candidates, SelectionHistory history) {
    Map<String, Long> behind = new LinkedHashMap<>();
    for (String c : candidates) {
      if (!history.diverged(c) && history.reached(c) < k) {
        behind.put(c, k);
      }
    }
    if (!behind.isEmpty()) {
      return new Decision.Train(behind);
    }
    List<String> unscored = history.unscored(candidates, k);
    return unscored.isEmpty()
        ? new Decision.Pick(k, "every candidate reached the lag k=" + k)
        : new Decision.Missing(k, unscored);
  }

  @Override
  public long longestLag(int candidates) {
    return k;
  }

  @Override
  public String describe() {
    return "fixed-lag(k=" + k + ")";
  }
}
