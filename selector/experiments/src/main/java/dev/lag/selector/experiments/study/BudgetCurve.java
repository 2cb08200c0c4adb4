package dev.lag.selector.experiments.study;

import dev.lag.analysis.confidence.CalibrationVariant;
import dev.lag.analysis.confidence.ScorerRecipe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * What a budget buys: the hedged policy replayed on the bank's studies at several overhead budgets,
 * its regret by stage length. The rule of RESULTS.md judges policies at one budget (0.3 stages of
 * one candidate); this curve answers the question it leaves open, what looking longer would take
 * where that budget falls short, so a user with a long stage can choose a budget knowing its price.
 * Like the rule's table, each study is judged on a calibration fitted to the other studies of its
 * pool.
 *
 * @param scorer the evidence the policy weighs
 * @param rows one per budget and stage length, budgets ascending
 */
public record BudgetCurve(String scorer, List<Row> rows) {

  /**
   * The hedged policy at one budget over the study-pools of one stage length.
   *
   * @param budget the most overhead it may spend, in stages of one candidate
   * @param stage the stage length in steps
   * @param studies the study-pools of that length
   * @param worst the worst of their mean regrets over replicas, in seed-noise SDs
   * @param mean the mean of those
   * @param overhead the overhead it spent, mean over every replica, in stages of one candidate
   * @param decided the share of replicas that reached the confidence asked
   */
  public record Row(
      double budget,
      long stage,
      int studies,
      double worst,
      double mean,
      double overhead,
      double decided) {}

  /**
   * Replays {@code hedged(confidence, budget)} with one scorer at each budget.
   *
   * @param pools the studies seen with each pool
   * @param recipe the evidence
   * @param variant how the calibration reads and weighs the other studies
   * @param budgets the budgets, in stages of one candidate
   */
  public static BudgetCurve measure(
      List<HorizonReport.PoolStudies> pools,
      ScorerRecipe recipe,
      CalibrationVariant variant,
      List<Double> budgets) {
    List<Row> rows = new ArrayList<>();
    // One benchmark per pool for every budget: the calibrations it fits (per study, per lag) do
    // not depend on the budget, and it keeps them.
    List<CalibratedBenchmark> benches =
        pools.stream().map(p -> new CalibratedBenchmark(p.studies(), variant)).toList();
    Map<String, Long> stageOf = new HashMap<>();
    pools.forEach(p -> p.studies().forEach(s -> stageOf.put(s.name(), s.finalStep())));
    for (double budget : budgets.stream().sorted().distinct().toList()) {
      // Per stage length: each (study, pool)'s replicas, averaged into one regret per study-pool.
      Map<Long, List<List<CalibratedBenchmark.Hedged>>> byStage = new TreeMap<>();
      for (CalibratedBenchmark bench : benches) {
        List<CalibratedBenchmark.Hedged> races =
            bench.hedged(
                recipe,
                HorizonReport.RUNGS.get(1),
                HorizonReport.CONFIDENCE,
                HorizonReport.KEEP,
                budget,
                false);
        races.stream()
            .collect(
                Collectors.groupingBy(
                    CalibratedBenchmark.Hedged::study, TreeMap::new, Collectors.toList()))
            .forEach(
                (study, replicas) ->
                    byStage
                        .computeIfAbsent(stageOf.get(study), s -> new ArrayList<>())
                        .add(replicas));
      }
      byStage.forEach((stage, studies) -> rows.add(row(budget, stage, studies)));
    }
    return new BudgetCurve(CalibratedBenchmark.label(recipe, variant), rows);
  }

  private static Row row(
      double budget, long stage, List<List<CalibratedBenchmark.Hedged>> studies) {
    double[] regrets =
        studies.stream().mapToDouble(r -> mean(r, CalibratedBenchmark.Hedged::regret)).toArray();
    List<CalibratedBenchmark.Hedged> every = studies.stream().flatMap(List::stream).toList();
    return new Row(
        budget,
        stage,
        studies.size(),
        Arrays.stream(regrets).max().orElse(Double.NaN),
        Arrays.stream(regrets).average().orElse(Double.NaN),
        mean(every, CalibratedBenchmark.Hedged::overhead),
        mean(every, h -> h.decided() ? 1.0 : 0.0));
  }

  private static double mean(
      List<CalibratedBenchmark.Hedged> list, ToDoubleFunction<CalibratedBenchmark.Hedged> f) {
    return list.stream().mapToDouble(f).average().orElse(Double.NaN);
  }
}
