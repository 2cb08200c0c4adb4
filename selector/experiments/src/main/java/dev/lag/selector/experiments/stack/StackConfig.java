package dev.lag.selector.experiments.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.StudyBank;
import dev.lag.analysis.io.JsonFiles;
import dev.lag.analysis.schedule.Decay;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.Candidate;
import dev.lag.selector.Evidence;
import dev.lag.selector.Pool;
import dev.lag.selector.Prior;
import dev.lag.selector.policy.Policies;
import dev.lag.selector.policy.SelectionPolicy;
import dev.lag.selector.runners.djl.Growths;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.train.FlopCounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An adaptive gradual stacking run, validated as a whole before any training.
 *
 * @param run model, training and data keys (its {@code layers} and {@code steps} are set per stage)
 * @param depths the depth schedule, strictly increasing, e.g. [2, 4, 6, 8]
 * @param budgetTokens training tokens of the whole schedule (selection overhead not included); 0
 *     when the budget is in FLOPs
 * @param budgetFlops training FLOPs of the whole schedule (overhead not included); 0 when the
 *     budget is in tokens
 * @param schedule key {@code stageSchedule}: {@code uniform} stage lengths, or {@code prop}: stage
 *     i gets a share i^alpha
 * @param alpha the exponent of {@code prop}
 * @param policy the selection policy at every stage boundary
 * @param pool the candidate growth specs
 * @param scorer how candidates are scored
 * @param metric {@code train} or {@code eval}
 * @param baselines also train the last depth from scratch and fixed-operator stacking per candidate
 * @param raptr with the baselines, also random path training of the last depth whose path lengths
 *     follow the depth schedule
 * @param bank a folder of earlier studies, {@code ""} for lag's own {@code bank/} or {@code none}:
 *     the learned scorer trains on them, the annealing law fits its shared exponent on them, their
 *     mean final ranks break ties and they calibrate the hedged policy (see {@link Evidence})
 * @param lrScope what the learning-rate schedule spans: each stage ({@code stage}) or the whole run
 *     ({@code run})
 */
public record StackConfig(
    RunConfig run,
    List<Integer> depths,
    long budgetTokens,
    double budgetFlops,
    String schedule,
    double alpha,
    String policy,
    List<String> pool,
    String scorer,
    String metric,
    boolean baselines,
    boolean raptr,
    String bank,
    LrScope lrScope) {

  /** The keys this record adds to the run config's flat keys. */
  public static final List<String> KEYS =
      List.of(
          "depths",
          "budgetTokens",
          "budgetFlops",
          "stageSchedule",
          "alpha",
          "policy",
          "pool",
          "scorer",
          "metric",
          "baselines",
          "raptr",
          "bank",
          "lrScope");

  /** Checks everything that can be checked without training; errors name the key. */
  public StackConfig {
    if (depths == null || depths.size() < 2) {
      throw InvalidInputException.field("depths", depths, "needs at least two depths, e.g. [2, 4]");
    }
    if (depths.get(0) < 1) {
      throw InvalidInputException.field("depths", depths, "the first depth must be at least 1");
    }
    for (int i = 1; i < depths.size(); i++) {
      if (depths.get(i) <= depths.get(i - 1)) {
        throw InvalidInputException.field("depths", depths, "must increase at every stage");
      }
    }
    run.model().withLayers(depths.get(depths.size() - 1)).requireHeapFor("depths", depths);
    Evidence evidence = evidence(scorer, metric, bank);
    int cooldown = evidence.cooldownSteps();
    if (!Double.isFinite(alpha) || alpha < 0) {
      throw InvalidInputException.field("alpha", alpha, "must be a finite number >= 0");
    }
    if (!schedule.equals("uniform") && !schedule.equals("prop")) {
      throw InvalidInputException.field("stageSchedule", schedule, "must be uniform or prop");
    }
    Pool candidates = Pool.ofSpecs(pool);
    evidence.prior(pool); // a bank the user named must have run every operator of the pool
    if ((budgetTokens > 0) == (budgetFlops > 0)) {
      throw InvalidInputException.field(
          "budgetTokens",
          budgetTokens,
          "give exactly one of budgetTokens and budgetFlops (budgetFlops=" + budgetFlops + ")");
    }
    Policies.isHedged(policy); // a malformed spec is named before the budget is read
    if (!Double.isFinite(budgetFlops)) {
      throw InvalidInputException.field("budgetFlops", budgetFlops, "must be a finite number");
    }
    int[] steps = stageSteps(run, depths, budgetTokens, budgetFlops, schedule, alpha);
    // Checked as the first stage after growth will make it: hedged(lags=fraction) needs its length.
    SelectionPolicy p =
        evidence.policy(
            policy,
            specs(pool),
            run.with(Map.of("steps", "" + Math.max(1, steps[1]))).train().learningRates());
    for (int i = 0; i < steps.length; i++) {
      if (steps[i] < 1) {
        throw InvalidInputException.field(
            budgetTokens > 0 ? "budgetTokens" : "budgetFlops",
            budgetTokens > 0 ? budgetTokens : budgetFlops,
            "too small: stage " + (i + 1) + " of " + steps.length + " gets no step");
      }
      long lag = p.longestLag(pool.size());
      if (i > 0 && lag >= steps[i]) {
        throw InvalidInputException.field(
            "policy",
            policy,
            "its longest lag ("
                + lag
                + " steps) is not shorter than stage "
                + (i + 1)
                + " ("
                + steps[i]
                + " steps)");
      }
      if (i > 0) {
        Policies.checkFits(p, pool.size(), steps[i], cooldown, scorer);
        for (Candidate c : candidates) {
          Growths.resolve(c)
              .check(
                  run.model().withLayers(depths.get(i - 1)),
                  run.model().withLayers(depths.get(i)),
                  steps[i]);
        }
      }
    }
  }

  /**
   * Steps of each stage. A token budget is shared out in steps (every step has the same tokens); a
   * FLOP budget is shared out in FLOPs and each stage's share divided by the FLOPs of one step at
   * its depth, so that deeper stages get fewer steps for the same share.
   */
  static int[] stageSteps(
      RunConfig run,
      List<Integer> depths,
      long budgetTokens,
      double budgetFlops,
      String schedule,
      double alpha) {
    if (budgetTokens > 0) {
      return stageSteps(
          depths.size(),
          budgetTokens / run.train().tokensPerStep(run.model().seqLen()),
          schedule,
          alpha);
    }
    int[] shares = stageSteps(depths.size(), 1_000_000_000L, schedule, alpha);
    int[] steps = new int[depths.size()];
    for (int i = 0; i < steps.length; i++) {
      double stageFlops = budgetFlops * shares[i] / 1e9;
      double stageSteps =
          stageFlops
              / FlopCounter.perStep(run.model().withLayers(depths.get(i)), run.train().batch());
      if (stageSteps > Integer.MAX_VALUE / 2.0) {
        throw InvalidInputException.field(
            "budgetFlops", budgetFlops, "too large: a stage would exceed 2^30 steps");
      }
      steps[i] = (int) stageSteps;
    }
    return steps;
  }

  /** Steps of each stage: uniform, or Prop-alpha (stage i gets T i^alpha / sum_j j^alpha). */
  public static int[] stageSteps(int stages, long totalSteps, String schedule, double alpha) {
    double[] weights = new double[stages];
    double sum = 0;
    for (int i = 0; i < stages; i++) {
      weights[i] = schedule.equals("prop") ? Math.pow(i + 1, alpha) : 1;
      sum += weights[i];
    }
    int[] steps = new int[stages];
    long assigned = 0;
    for (int i = 0; i < stages; i++) {
      double share = Math.floor(totalSteps * weights[i] / sum);
      if (share > Integer.MAX_VALUE / 2.0) {
        throw InvalidInputException.field(
            "budgetTokens", totalSteps + " steps", "too large: a stage would exceed 2^30 steps");
      }
      steps[i] = (int) share;
      assigned += steps[i];
    }
    steps[stages - 1] += (int) (totalSteps - assigned); // rounding goes to the last stage
    return steps;
  }

  /** The stage lengths in steps. */
  public int[] stageSteps() {
    return stageSteps(run, depths, budgetTokens, budgetFlops, schedule, alpha);
  }

  /**
   * The run config of stage {@code i} (0-based): its depth and length, and under {@code lrScope:
   * run} the rates of its own steps of the one schedule that spans the whole run.
   */
  public RunConfig stageRun(int i) {
    int[] steps = stageSteps();
    RunConfig stage = run.with(Map.of("layers", "" + depths.get(i), "steps", "" + steps[i]));
    if (lrScope == LrScope.STAGE) {
      return stage;
    }
    int from = java.util.Arrays.stream(steps, 0, i).sum();
    int total = java.util.Arrays.stream(steps).sum();
    return stage.with(
        "schedule", Decay.parse(run.train().schedule()).within(from, total).toString());
  }

  /** Reads a flat JSON config: the keys above plus any run-config key, then the assignments. */
  public static StackConfig read(Path file, List<String> assignments) {
    return of(JsonFiles.readObject(file, "config file"), assignments);
  }

  /**
   * Builds a config from a JSON object and {@code key=value} assignments, which may set any key,
   * stack or run. Every value is read strictly by its type; unknown keys list the known ones.
   */
  public static StackConfig of(JsonNode root, List<String> assignments) {
    Map<String, String> set = RunConfig.assignments(assignments);
    Map<String, String> runKeys = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!KEYS.contains(e.getKey())) {
        if (e.getValue().isContainerNode()) {
          throw InvalidInputException.field(e.getKey(), e.getValue(), "expected a single value");
        }
        runKeys.put(e.getKey(), e.getValue().asText());
      }
    }
    Map<String, String> stackSet = new LinkedHashMap<>();
    set.forEach((k, v) -> (KEYS.contains(k) ? stackSet : runKeys).put(k, v));
    List<String> known = new ArrayList<>(RunConfig.DEFAULT.keys());
    // In a stack config `raptr` is the baseline switch; the run's path schedule follows depths.
    known.remove("raptr");
    known.addAll(KEYS);
    for (String key : runKeys.keySet()) {
      if (!known.contains(key)) {
        throw new InvalidInputException(
            "unknown config key '" + key + "'; known keys: " + String.join(", ", known));
      }
    }
    RunConfig run = RunConfig.DEFAULT.with(runKeys);
    StackKeys keys = new StackKeys(root, stackSet);
    List<Integer> depths = keys.integers("depths");
    if (depths == null) {
      throw InvalidInputException.field("depths", null, "required, e.g. [2, 4, 6]");
    }
    List<String> pool = keys.has("pool") ? keys.strings("pool") : Growths.depthOperatorNames();
    if (keys.has("budgetTokens") && keys.has("budgetFlops")) {
      throw InvalidInputException.field(
          "budgetTokens",
          keys.integer("budgetTokens", 0),
          "give one of budgetTokens and budgetFlops, not both");
    }
    if (!depths.isEmpty()) {
      run = run.with("layers", depths.get(0));
    }
    String metric = keys.text("metric", "eval");
    if (Metric.parse(metric).needsPrimitives()) {
      run = run.measuringPrimitives(); // scoring by the primitives measures them
    }
    long defaultTokens = run.train().tokensPerStep(run.model().seqLen()) * 1000;
    // Chosen by the rule of RESULTS.md (issue 25) on the horizon studies, with its scorer.
    String policy = keys.text("policy", Evidence.DEFAULT_POLICY);
    return new StackConfig(
        run,
        depths,
        keys.has("budgetFlops") ? 0 : keys.integer("budgetTokens", defaultTokens),
        keys.number("budgetFlops", 0),
        keys.text("stageSchedule", "uniform"),
        keys.number("alpha", 1.0),
        policy,
        pool,
        keys.text("scorer", Evidence.defaultScorer(policy)),
        metric,
        keys.bool("baselines", true),
        keys.bool("raptr", true),
        keys.text("bank", ""),
        LrScope.parse(keys.text("lrScope", "stage")));
  }

  /**
   * The policy the config names for a stage; {@code hedged} is calibrated on the bank, its prior
   * measured on the studies nearest the stage's length and schedule.
   */
  public SelectionPolicy selectionPolicy(RunConfig stage) {
    return evidence().policy(policy, specs(pool), stage.train().learningRates());
  }

  /** The scorer of stage {@code i} (0-based): the annealing law reads the stage's schedule. */
  public Scorer scorer(int i) {
    return evidence().scorer(stageRun(i).train().learningRates());
  }

  /** What breaks ties: the bank's measured order, else the documented default. */
  public Prior prior() {
    return evidence().prior(pool);
  }

  /** What the selections weigh: the scorer, the metric and the bank. */
  public Evidence evidence() {
    return evidence(scorer, metric, bank);
  }

  private static Evidence evidence(String scorer, String metric, String bank) {
    if (bank.trim().equals("none")) {
      return new Evidence(scorer, Metric.parse(metric), null, false, "");
    }
    return bank.isEmpty()
        ? new Evidence(scorer, Metric.parse(metric), Evidence.shippedBank(), true, "")
        : new Evidence(scorer, Metric.parse(metric), bank(bank), false, "");
  }

  private static Map<String, String> specs(List<String> pool) {
    Map<String, String> specs = new LinkedHashMap<>();
    Pool.ofSpecs(pool).forEach(c -> specs.put(c.name(), c.growth()));
    return specs;
  }

  private static StudyBank bank(String folder) {
    try {
      return StudyBank.load(Path.of(folder));
    } catch (InvalidInputException e) {
      // The config key, not the CLI option, is what the user wrote.
      throw new InvalidInputException(e.getMessage().replaceFirst("^--bank", "bank"), e);
    }
  }
}
