package dev.lag.selector.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.Candidate;
import dev.lag.selector.djl.CandidateSteps;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.checkpoint.SnapshotBytes;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.train.TrainingInputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a {@link CandidateTask} where it lands: in this process or on a worker. The corpus is loaded
 * once per process from the task's data reference (the embedded corpus, or a path every worker can
 * read) and kept.
 */
public final class TaskExecution {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, TextData> CORPORA = new ConcurrentHashMap<>();

  private TaskExecution() {}

  /**
   * Runs the task on {@code device} (null: the device its config names).
   *
   * @return its points and paused state
   */
  public static TaskResult run(CandidateTask task, String device) {
    RunConfig run = config(task.run());
    if (device != null) {
      run = run.with("device", device);
    }
    TrainingInputs inputs = TrainingInputs.of(corpus(run), run);
    List<Point> points = new ArrayList<>();
    Snapshot end =
        switch (task.kind()) {
          case FRESH -> CandidateSteps.trainFresh(run, inputs, task.until(), points::add);
          case GROW -> {
            Snapshot grown =
                CandidateSteps.grow(
                    SnapshotBytes.decode(task.start()), run.model(), run, candidate(task));
            yield CandidateSteps.train(onDevice(grown, run), inputs, task.until(), points::add);
          }
          case CONTINUE ->
              CandidateSteps.train(
                  onDevice(SnapshotBytes.decode(task.start()), run),
                  inputs,
                  task.until(),
                  points::add);
        };
    return TaskResult.of(
        points, end == null ? new byte[0] : SnapshotBytes.encode(timeless(end)), worker());
  }

  /**
   * The state without its wall-clock seconds: the bytes of a result must be a function of the task,
   * so that the task that continues from it has the same key in every run (resume).
   */
  private static Snapshot timeless(Snapshot s) {
    Snapshot.Counters c = s.counters();
    return new Snapshot(
        s.config(),
        s.parameters(),
        s.firstMoments(),
        s.secondMoments(),
        new Snapshot.Counters(
            c.step(), c.dataPosition(), c.tokens(), c.flops(), 0, c.optimizerStep()));
  }

  /** The candidate of a task, as {@link #candidateJson} wrote it. */
  static Candidate candidate(CandidateTask task) {
    try {
      var node = JSON.readTree(task.candidate());
      return new Candidate(
          node.path("name").asText(),
          node.path("growth").asText(),
          node.hasNonNull("lr") ? node.get("lr").asDouble() : null,
          node.hasNonNull("warmup") ? node.get("warmup").asInt() : null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A candidate as task JSON. */
  public static String candidateJson(Candidate c) {
    var node = JSON.createObjectNode();
    node.put("name", c.name());
    node.put("growth", c.growth());
    if (c.lr() != null) {
      node.put("lr", c.lr());
    }
    if (c.warmup() != null) {
      node.put("warmup", c.warmup());
    }
    return node.toString();
  }

  /** A run config as task JSON. */
  public static String runJson(RunConfig run) {
    return run.toJson(JSON).toString();
  }

  private static RunConfig config(String json) {
    try {
      return RunConfig.fromJson(JSON.readTree(json));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A continued snapshot keeps its schedule but trains on the device this slot owns. */
  private static Snapshot onDevice(Snapshot s, RunConfig run) {
    RunConfig config = s.config().with("device", run.train().device());
    return new Snapshot(config, s.parameters(), s.firstMoments(), s.secondMoments(), s.counters());
  }

  private static TextData corpus(RunConfig run) {
    String key = run.data() + "/" + run.model().seqLen() + "/" + run.train().seed();
    return CORPORA.computeIfAbsent(
        key, k -> TextData.load(run.data(), run.model().seqLen(), run.train().seed()));
  }

  private static String worker() {
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
