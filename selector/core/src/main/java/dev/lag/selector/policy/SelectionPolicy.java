package dev.lag.selector.policy;

import dev.lag.selector.SelectionHistory;
import java.util.List;

/**
 * When to stop training candidates and pick. One pure decision over the recorded history, as in
 * Optuna's pruners: a policy keeps no state, so a selection resumed from its records decides
 * exactly as it would have.
 */
public interface SelectionPolicy {
  /** The next action for the candidates (in pool order) given what has been recorded. */
  Decision decide(List<String> candidates, SelectionHistory history);

  /**
   * The longest lag it can train a pool of this many candidates to: what must fit in the stage,
   * cooldown probes after it included.
   */
  long longestLag(int candidates);

  /** The policy as written in configs: {@code fixed-lag(k=50)}. */
  String describe();
}
