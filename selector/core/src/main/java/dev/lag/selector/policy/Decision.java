package dev.lag.selector.policy;

import java.util.Map;

/** What a policy wants next: train some candidates further, or pick now. */
public sealed interface Decision {
  /**
   * Train each named candidate until the given step (steps since growth).
   *
   * @param until target step by candidate
   */
  record Train(Map<String, Long> until) implements Decision {}

  /**
   * Stop and pick, ranking candidates by their score at the lag.
   *
   * @param lag the lag whose scores decide
   * @param reason why now, for the record
   */
  record Pick(long lag, String reason) implements Decision {}
}
