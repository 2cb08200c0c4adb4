package dev.lag.selector.runners;

import dev.lag.selector.Candidate;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import java.util.List;

/**
 * One unit of candidate training, self-contained so that any slot or machine can run it: what to
 * start from, how to grow, which run config (data reference, seed and schedule included), and the
 * step to train to. It lives in memory; only a task that leaves this JVM becomes bytes ({@link
 * TaskBytes}).
 *
 * @param kind {@code FRESH} trains a model from its seeded initialisation, {@code GROW} grows
 *     {@code start} with the candidate first, {@code CONTINUE} resumes a paused {@code start}
 * @param name the candidate (or schedule) name, for progress and errors
 * @param candidate the candidate to grow with ({@code GROW}); null otherwise
 * @param run the run config: the grown shape, the stage schedule, the data, the seed
 * @param start the state to start from; null for {@code FRESH}
 * @param until the step to train to
 * @param cooldowns then take a cooldown probe of each of these lengths at {@code until} (see {@link
 *     dev.lag.analysis.trajectory.Probe}); their steps are not the candidate's
 */
public record CandidateTask(
    Kind kind,
    String name,
    Candidate candidate,
    RunConfig run,
    Snapshot start,
    long until,
    List<Integer> cooldowns) {

  /** An immutable list of probes. */
  public CandidateTask {
    cooldowns = List.copyOf(cooldowns);
  }

  /** What the task starts from. */
  public enum Kind {
    /** A model at its initialisation. */
    FRESH,
    /** The source, grown with the candidate. */
    GROW,
    /** A paused candidate. */
    CONTINUE
  }

  /** A model of {@code run} trained from its initialisation until {@code until}. */
  public static CandidateTask fresh(String name, RunConfig run, long until) {
    return new CandidateTask(Kind.FRESH, name, null, run, null, until, List.of());
  }

  /** {@code source} grown with {@code candidate} into {@code run}'s shape, trained until a step. */
  public static CandidateTask grow(
      Candidate candidate, RunConfig run, Snapshot source, long until) {
    return new CandidateTask(Kind.GROW, candidate.name(), candidate, run, source, until, List.of());
  }

  /** A paused candidate trained on until a step. */
  public static CandidateTask resume(
      Candidate candidate, RunConfig run, Snapshot paused, long until) {
    return new CandidateTask(
        Kind.CONTINUE, candidate.name(), candidate, run, paused, until, List.of());
  }

  /** The same task, then cooldown probes of these lengths at its end. */
  public CandidateTask withCooldowns(List<Integer> steps) {
    return new CandidateTask(kind, name, candidate, run, start, until, steps);
  }
}
