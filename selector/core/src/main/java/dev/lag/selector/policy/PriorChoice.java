package dev.lag.selector.policy;

import dev.lag.selector.SelectionHistory;
import java.util.List;

/**
 * No lag: pick the prior's first choice without training any candidate. Without evidence every
 * candidate is tied, and the prior decides ({@link dev.lag.selector.Prior}). It costs nothing, and
 * it is the baseline every policy that trains candidates must beat: {@code lag bench selection}
 * measures when one does.
 */
public record PriorChoice() implements SelectionPolicy {
  @Override
  public Decision decide(List<String> candidates, SelectionHistory history) {
    return new Decision.Pick(
        0, "no lag: without evidence every candidate is tied, the prior decides");
  }

  @Override
  public long longestLag(int candidates) {
    return 0;
  }

  @Override
  public String describe() {
    return "prior";
  }
}
