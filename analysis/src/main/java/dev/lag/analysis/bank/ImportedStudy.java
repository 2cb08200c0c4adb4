package dev.lag.analysis.bank;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A study another framework ran, read from its logs: every candidate of one growth point trained to
 * the end of the stage by two or more seeds, each candidate grown by a named operator. The bank's
 * calibration is only as near a user's stage as the bank's regimes are (lag's own studies are d 64
 * models of 400 to 3200 steps), so the studies a user runs in their own regime belong in their bank
 * beside lag's. What a bank study needs is what such a study logged: the losses per step, the eval
 * loss at the stage's end per seed (the finals, whose spread across seeds is the seed noise every
 * regret is measured in), and the stage's learning-rate schedule (which the annealing law reads).
 */
public final class ImportedStudy {
  /** The default run names of replicas: {@code midas#2} is the third seed of {@code midas}. */
  public static final Pattern REPLICA_NAMES = Pattern.compile("(.+)#(\\d+)");

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The stage every candidate trained, as its loop ran it.
   *
   * @param steps the stage's steps after growth: the finals are the eval losses at this step
   * @param schedule the decay after warm-up ({@code cosine}, {@code wsd(decay=F)}, ...)
   * @param lr the peak learning rate
   * @param warmup the warm-up steps
   * @param minLrRatio the floor of the decay as a share of the peak
   * @param corpus what the candidates trained on, in a word (shown by {@code lag bank list}; empty
   *     when not told)
   */
  public record Stage(
      long steps, String schedule, double lr, int warmup, double minLrRatio, String corpus) {
    /** Checks the numbers, and the schedule by building it. */
    public Stage {
      if (steps < 1 || steps > Integer.MAX_VALUE) {
        throw InvalidInputException.field("--stage", steps, "must be a positive step count");
      }
      if (!(lr > 0) || Double.isInfinite(lr)) {
        throw InvalidInputException.field("--lr", lr, "must be a positive number");
      }
      if (warmup < 0 || warmup >= steps) {
        throw InvalidInputException.field(
            "--warmup", warmup, "must be at least 0 and below the stage (" + steps + ")");
      }
      if (!(minLrRatio >= 0 && minLrRatio <= 1)) {
        throw InvalidInputException.field("--min-lr-ratio", minLrRatio, "must be in [0, 1]");
      }
      new LearningRateSchedule(lr, lr * minLrRatio, warmup, (int) steps, schedule);
      corpus = corpus == null ? "" : corpus;
    }

    /** The config a bank study keeps, under the keys {@link BankStudy#schedule} reads. */
    Map<String, String> config() {
      Map<String, String> c = new LinkedHashMap<>();
      c.put("steps", Long.toString(steps));
      c.put("schedule", schedule);
      c.put("lr", Double.toString(lr));
      c.put("warmup", Integer.toString(warmup));
      c.put("minLrRatio", Double.toString(minLrRatio));
      if (!corpus.isEmpty()) {
        c.put("corpus", corpus);
      }
      return c;
    }
  }

  private final Stage stage;
  private final Map<String, String> growth;
  private final Map<String, List<Trajectory>> replicas;

  private ImportedStudy(
      Stage stage, Map<String, String> growth, Map<String, List<Trajectory>> replicas) {
    this.stage = stage;
    this.growth = growth;
    this.replicas = replicas;
  }

  /**
   * Reads a study from runs.
   *
   * @param runs every run of every candidate (any framework's logs, as the importers read them)
   * @param replicaNames how a run's name says its candidate (group 1) and seed (group 2); a name
   *     that does not match is the candidate itself, seed 0
   * @param growth each candidate's growth spec (the operator the bank's prior knows it by)
   * @param stage the stage they trained
   * @throws InvalidInputException naming what is missing: a candidate without a growth spec, fewer
   *     than two candidates or seeds, candidates with different numbers of seeds, or a run with no
   *     eval loss at the stage's end
   */
  public static ImportedStudy of(
      List<Trajectory> runs, Pattern replicaNames, Map<String, String> growth, Stage stage) {
    Map<String, TreeMap<Long, Trajectory>> bySeed = new LinkedHashMap<>();
    for (Trajectory t : runs) {
      Matcher m = replicaNames.matcher(t.name());
      boolean named = m.matches();
      String candidate = named ? m.group(1) : t.name();
      long seed;
      try {
        seed = named ? Long.parseLong(m.group(2)) : 0;
      } catch (NumberFormatException e) {
        throw InvalidInputException.field(
            "--replica-names",
            replicaNames.pattern(),
            "read seed '" + m.group(2) + "' of " + t.name() + ", not a number");
      }
      Trajectory twice = bySeed.computeIfAbsent(candidate, c -> new TreeMap<>()).put(seed, t);
      if (twice != null) {
        throw InvalidInputException.field(
            "INPUT", t.name(), "two runs are seed " + seed + " of candidate " + candidate);
      }
    }
    if (bySeed.size() < 2) {
      throw InvalidInputException.field(
          "INPUT", bySeed.keySet(), "a study needs two or more candidates");
    }
    Map<String, String> specs = new LinkedHashMap<>();
    Map<String, List<Trajectory>> replicas = new LinkedHashMap<>();
    int seeds = -1;
    for (var e : bySeed.entrySet()) {
      String candidate = e.getKey();
      String spec = growth.get(candidate);
      if (spec == null) {
        throw InvalidInputException.field(
            "--op", candidate, "no growth spec: name it with --op " + candidate + "=SPEC");
      }
      int n = e.getValue().size();
      if (n < 2) {
        throw InvalidInputException.field(
            "INPUT",
            candidate,
            "one seed: a bank study needs two or more per candidate, whose spread is the seed"
                + " noise its regrets are measured in (name runs CANDIDATE#SEED)");
      }
      if (seeds >= 0 && n != seeds) {
        throw InvalidInputException.field(
            "INPUT",
            candidate,
            n + " seeds where the others have " + seeds + ": seeds are paired across candidates");
      }
      seeds = n;
      for (Trajectory t : e.getValue().values()) {
        if (!t.diverged() && !Double.isFinite(finalOf(t, stage.steps()))) {
          throw InvalidInputException.field(
              "INPUT",
              t.name(),
              "no eval loss at step " + stage.steps() + " (--stage): the finals are read there");
        }
      }
      for (var named : specs.entrySet()) {
        // The bank's prior ranks operators: two candidates of one spec would be one operator
        // ranked twice.
        if (named.getValue().equals(spec)) {
          throw InvalidInputException.field(
              "--op",
              candidate + "=" + spec,
              named.getKey() + " is grown by " + spec + " too: each candidate its own operator");
        }
      }
      specs.put(candidate, spec);
      replicas.put(candidate, List.copyOf(e.getValue().values()));
    }
    return new ImportedStudy(stage, specs, replicas);
  }

  /**
   * The candidate a run belongs to: group 1 of {@code replicaNames} where the run's name matches
   * it, else the name itself (the candidate's only seed, or seed 0).
   */
  public static String candidateOf(String run, Pattern replicaNames) {
    Matcher m = replicaNames.matcher(run);
    return m.matches() ? m.group(1) : run;
  }

  /** A run's eval loss at the stage's end: logged at that very step, or NaN. */
  private static double finalOf(Trajectory t, long step) {
    return t.stepOfValueAt(Metric.EVAL_LOSS, step) == step
        ? t.valueAt(Metric.EVAL_LOSS, step)
        : Double.NaN;
  }

  /**
   * The bank file's {@code study} object: the pool, the config with the stage, the finals per seed
   * and their mean, the seed noise.
   */
  ObjectNode header(List<Path> sources) {
    ObjectNode study = JSON.createObjectNode();
    study.put("schemaVersion", 2);
    study.put("metric", "eval");
    study.put("finalStep", stage.steps());
    int seeds = replicas.values().iterator().next().size();
    study.put("replicas", seeds);
    ArrayNode pool = study.putArray("pool");
    growth.forEach((name, spec) -> pool.addObject().put("name", name).put("growth", spec));
    ArrayNode candidates = study.putArray("candidates");
    ObjectNode byReplica = study.putObject("finalsByReplica");
    List<double[]> finals = new ArrayList<>();
    for (var e : replicas.entrySet()) {
      double[] f = e.getValue().stream().mapToDouble(t -> finalOf(t, stage.steps())).toArray();
      boolean diverged = e.getValue().stream().anyMatch(Trajectory::diverged);
      ObjectNode c = candidates.addObject().put("name", e.getKey()).put("diverged", diverged);
      double mean = java.util.Arrays.stream(f).average().orElse(Double.NaN);
      if (!diverged && Double.isFinite(mean)) {
        c.put("final", mean);
        finals.add(f);
      }
      ArrayNode row = byReplica.putArray(e.getKey());
      for (double v : f) {
        if (Double.isFinite(v)) {
          row.add(v);
        } else {
          row.addNull();
        }
      }
    }
    double noise = LagCurve.seedNoise(finals);
    if (Double.isFinite(noise)) {
      study.put("seedNoise", noise);
    }
    ObjectNode config = study.putObject("config");
    stage.config().forEach(config::put);
    ArrayNode from = study.putArray("importedFrom");
    sources.forEach(p -> from.add(p.toAbsolutePath().normalize().toString()));
    return study;
  }

  /**
   * Every logged step as a line of lag's own metrics format (candidate, replica, step, losses,
   * per-batch eval losses): what {@link BankFile#read} reads back.
   */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    replicas.forEach(
        (candidate, seeds) -> {
          for (int r = 0; r < seeds.size(); r++) {
            Trajectory t = seeds.get(r);
            List<Point> points = t.points();
            for (int i = 0; i < points.size(); i++) {
              // lag's own format flags a diverged run's step instead of writing a non-finite loss
              boolean last = i == points.size() - 1;
              lines.add(line(candidate, r, points.get(i), t.diverged() && last));
            }
          }
        });
    return lines;
  }

  private static String line(String candidate, int replica, Point p, boolean diverged) {
    ObjectNode o = JSON.createObjectNode();
    o.put("candidate", candidate);
    o.put("replica", replica);
    o.put("step", p.step());
    finite(o, "trainLoss", p.trainLoss());
    finite(o, "evalLoss", p.evalLoss());
    if (!p.evalBatches().isEmpty() && p.evalBatches().finite()) {
      ArrayNode b = o.putArray("evalBatchLosses");
      for (double v : p.evalBatches().toArray()) {
        b.add(v);
      }
    }
    if (diverged) {
      o.put("diverged", true);
    }
    return o.toString();
  }

  private static void finite(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    }
  }

  /** What it holds, in a line: candidates, seeds and the stage. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%d candidates x %d seeds, a %d-step %s stage",
        replicas.size(),
        replicas.values().iterator().next().size(),
        stage.steps(),
        stage.schedule());
  }
}
