package dev.lag.selector.runners.djl;

import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.Candidate;
import dev.lag.selector.CandidateTrainer;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.train.TrainingInputs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains candidates with lag's own trainer: grows the source snapshot with the candidate's
 * operator, then trains it on the stage's schedule. Between calls a paused candidate lives in host
 * memory as a snapshot, so only one candidate model is on the device at a time.
 *
 * <p>Randomness: every candidate sees the same batches in the same order (common random numbers,
 * which keeps data noise out of the comparison); new layers and noise draw from the root seed split
 * by candidate name.
 *
 * <p>Twins train once: a candidate whose window starts from the same weights, optimizer state and
 * config as one trained to the same step in this round (stack-all, stack-top and stack-bottom at a
 * doubling) gets that window's points and end state under its own config.
 */
public final class DjlCandidateTrainer implements CandidateTrainer {
  private final Snapshot source;
  private final GptConfig target;
  private final RunConfig stage;
  private final TrainingInputs inputs;
  private final Map<String, Snapshot> paused = new HashMap<>();
  private final Map<Start, Trained> trained = new HashMap<>();
  private long trainedUntil = -1;

  /** What a window is a function of: where it starts ({@link Snapshot#trainingStart}), its stop. */
  private record Start(Snapshot start, long until) {}

  /** A window's points and where it ended (null: it diverged). */
  private record Trained(List<Point> points, Snapshot end) {}

  /**
   * @param source the trained model to grow
   * @param target the grown shape
   * @param stage the post-growth run: its {@code steps} are the stage's length, which sets the
   *     learning-rate schedule the lag is a prefix of
   * @param data the corpus (training batches and held-out windows)
   */
  public DjlCandidateTrainer(Snapshot source, GptConfig target, RunConfig stage, TextData data) {
    this.source = source;
    this.target = target;
    this.stage = stage;
    this.inputs = TrainingInputs.of(data, stage.with("seqLen", target.seqLen()));
  }

  @Override
  public void train(Candidate candidate, long from, long until, Consumer<Point> report) {
    Snapshot start =
        from == 0
            ? CandidateSteps.grow(source, target, stage, candidate)
            : paused.remove(candidate.name());
    if (start == null) {
      throw new IllegalStateException(candidate.name() + " was not paused at step " + from);
    }
    // A round trains every candidate to one stop; only this round's windows can have twins, so
    // earlier ones are let go.
    if (until != trainedUntil) {
      trained.clear();
      trainedUntil = until;
    }
    Start key = new Start(start.trainingStart(), until);
    Trained done = trained.get(key);
    if (done == null) {
      List<Point> points = new ArrayList<>();
      Snapshot end =
          CandidateSteps.train(
              start,
              inputs,
              until,
              p -> {
                points.add(p);
                report.accept(p);
              });
      done = new Trained(List.copyOf(points), end);
      trained.put(key, done);
    } else {
      // A twin (the same weights, state and config as a candidate trained this round: stack-top
      // and stack-bottom at a doubling) ends where that one did: its window is not trained again.
      done.points().forEach(report);
    }
    if (done.end() != null) {
      paused.put(candidate.name(), done.end().withConfig(start.config()));
    }
  }

  /** The paused state of a candidate (after its last call), e.g. to continue the winner. */
  public Snapshot paused(String candidate) {
    Snapshot s = paused.get(candidate);
    if (s == null) {
      throw new IllegalStateException(candidate + " is not paused");
    }
    return s;
  }
}
