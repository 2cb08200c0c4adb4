package dev.lag.selector.policy;

import java.util.Map;

/** What a policy wants next: train some candidates further, pick now, or evidence it lacks. */
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

  /**
   * The candidates reached the step where the policy ranks them, but some have nothing to score
   * there (a loop that reports no held-out loss to a selection that scores by it, say). A policy
   * never ranks on nothing: the loop must report what the scorer reads, or the selection fails.
   *
   * @param step the step the policy ranks at
   * @param unscored the candidates with no score at or before it
   */
  record Missing(long step, java.util.List<String> unscored) implements Decision {}
}
