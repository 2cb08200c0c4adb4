package dev.lag.selector.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.Candidate;
import dev.lag.selector.Pool;
import dev.lag.selector.djl.Growths;
import dev.lag.selector.policy.FixedLag;
import dev.lag.selector.policy.Policies;
import dev.lag.selector.policy.SelectionPolicy;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.train.FlopCounter;
import java.io.IOException;
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
    boolean raptr) {

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
          "raptr");

  /** Checks everything that can be checked without training; errors name the key. */
  public StackConfig {
    if (depths == null || depths.size() < 2) {
      throw InvalidInputException.field("depths", depths, "needs at least two depths, e.g. [2, 4]");
    }
    for (int i = 1; i < depths.size(); i++) {
      if (depths.get(i) <= depths.get(i - 1)) {
        throw InvalidInputException.field("depths", depths, "must increase at every stage");
      }
    }
    if (!schedule.equals("uniform") && !schedule.equals("prop")) {
      throw InvalidInputException.field("stageSchedule", schedule, "must be uniform or prop");
    }
    Pool candidates = Pool.ofSpecs(pool);
    for (Candidate c : candidates) {
      for (int i = 1; i < depths.size(); i++) {
        Growths.resolve(c)
            .operator()
            .check(
                run.model().withLayers(depths.get(i - 1)), run.model().withLayers(depths.get(i)));
      }
    }
    if ((budgetTokens > 0) == (budgetFlops > 0)) {
      throw InvalidInputException.field(
          "budgetTokens",
          budgetTokens,
          "give exactly one of budgetTokens and budgetFlops (budgetFlops=" + budgetFlops + ")");
    }
    SelectionPolicy p = Policies.parse(policy);
    int[] steps = stageSteps(run, depths, budgetTokens, budgetFlops, schedule, alpha);
    for (int i = 0; i < steps.length; i++) {
      if (steps[i] < 1) {
        throw InvalidInputException.field(
            budgetTokens > 0 ? "budgetTokens" : "budgetFlops",
            budgetTokens > 0 ? budgetTokens : budgetFlops,
            "too small: stage " + (i + 1) + " of " + steps.length + " gets no step");
      }
      if (i > 0 && p instanceof FixedLag f && f.k() >= steps[i]) {
        throw InvalidInputException.field(
            "policy",
            policy,
            "lag k="
                + f.k()
                + " is not shorter than stage "
                + (i + 1)
                + " ("
                + steps[i]
                + " steps)");
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
      steps[i] =
          (int)
              (stageFlops
                  / FlopCounter.perStep(
                      run.model().withLayers(depths.get(i)), run.train().batch()));
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
      steps[i] = (int) Math.floor(totalSteps * weights[i] / sum);
      assigned += steps[i];
    }
    steps[stages - 1] += (int) (totalSteps - assigned); // rounding goes to the last stage
    return steps;
  }

  /** The stage lengths in steps. */
  public int[] stageSteps() {
    return stageSteps(run, depths, budgetTokens, budgetFlops, schedule, alpha);
  }

  /** Reads a flat JSON config: the keys above plus any run-config key. */
  public static StackConfig read(Path file, List<String> assignments) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidInputException("config file " + file + ": cannot read it as JSON", e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("config file " + file + ": expected one JSON object of keys");
    }
    return of(root, assignments);
  }

  /** Builds a config from a JSON object and {@code key=value} overrides of run-config keys. */
  public static StackConfig of(JsonNode root, List<String> assignments) {
    Map<String, String> runKeys = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!KEYS.contains(e.getKey())) {
        runKeys.put(e.getKey(), e.getValue().asText());
      }
    }
    RunConfig run;
    try {
      run = RunConfig.DEFAULT.with(runKeys).withAssignments(assignments);
    } catch (InvalidInputException e) {
      if (e.getMessage().startsWith("unknown config key")) {
        throw new InvalidInputException(e.getMessage() + ", " + String.join(", ", KEYS));
      }
      throw e;
    }
    List<Integer> depths = new ArrayList<>();
    root.path("depths").forEach(d -> depths.add(d.asInt()));
    List<String> pool = new ArrayList<>();
    root.path("pool").forEach(p -> pool.add(p.asText()));
    if (pool.isEmpty() && !root.has("pool")) {
      pool.addAll(dev.lag.strategies.GrowthOperators.depthOperators());
    }
    run = run.with("layers", depths.isEmpty() ? run.model().layers() : depths.get(0));
    String metric = root.path("metric").asText("eval");
    if (Metric.parse(metric).needsPrimitives()) {
      run = run.measuringPrimitives(); // scoring by the primitives measures them
    }
    return new StackConfig(
        run,
        depths,
        root.has("budgetFlops")
            ? 0
            : root.path("budgetTokens")
                .asLong(run.train().tokensPerStep(run.model().seqLen()) * 1000),
        root.path("budgetFlops").asDouble(0),
        root.path("stageSchedule").asText("uniform"),
        root.path("alpha").asDouble(1.0),
        root.path("policy").asText("fixed-lag(k=50)"),
        pool,
        root.path("scorer").asText("last"),
        metric,
        root.path("baselines").asBoolean(true),
        root.path("raptr").asBoolean(true));
  }
}
