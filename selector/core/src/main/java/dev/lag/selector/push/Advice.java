package dev.lag.selector.push;

/**
 * What one candidate's loop should do next, and why: the answer a pushed selection gives after
 * every report. JSON only at the HTTP edge; here it is a value.
 *
 * @param candidate the candidate
 * @param action what to do
 * @param trainUntil the step to train to ({@code CONTINUE}; {@code WON}: the end of the stage), or
 *     the step it waits at ({@code WAIT}); -1 otherwise
 * @param winner whether it won the selection ({@code WON}, {@code DONE}, or a winner that diverged
 *     after the pick, which is told to {@code STOP})
 * @param reason why, for people
 */
public record Advice(
    String candidate, Action action, long trainUntil, boolean winner, String reason) {
  /** What a loop does with a candidate. */
  public enum Action {
    /** Keep training it until {@link Advice#trainUntil}. */
    CONTINUE,
    /** Pause it until the others reach its step, then ask again. */
    WAIT,
    /** Stop training it: it lost, or the policy dropped it. */
    STOP,
    /** The selection is over and it won: keep training it to the end of the stage. */
    WON,
    /** It won and has reached the end of the stage: the stage is over, stop training it. */
    DONE;

    /** How records and the HTTP API write it. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
