package dev.lag.selector.experiments.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When early evidence becomes right: for each scorer, schedule and stage length, the worst and mean
 * regret over the studies at each lag, and the <em>trust horizon</em>, the smallest lag whose worst
 * regret is at most one seed-noise SD and stays so at every longer lag measured (none when no lag
 * qualifies).
 */
public final class TrustHorizon {
  private TrustHorizon() {}

  /**
   * One study's regret at one lag.
   *
   * @param scorer the scorer (or policy) that picked
   * @param schedule the stage's schedule, as its config names it
   * @param stage the stage's length in steps
   * @param study the study's name
   * @param lag steps after growth
   * @param regret the pick's regret, mean over the study's replicas, in seed-noise SDs
   */
  public record Entry(
      String scorer, String schedule, long stage, String study, long lag, double regret) {}

  /**
   * One scorer on one schedule and stage length.
   *
   * @param scorer the scorer
   * @param schedule the schedule
   * @param stage the stage length
   * @param studies how many studies it was measured on
   * @param worst the worst regret over the studies, by lag
   * @param mean the mean regret over the studies, by lag
   * @param horizon the trust horizon in steps; -1 when no lag measured qualifies
   */
  public record Row(
      String scorer,
      String schedule,
      long stage,
      int studies,
      Map<Long, Double> worst,
      Map<Long, Double> mean,
      long horizon) {}

  /** The table, one row per scorer, schedule and stage length, in the order first seen. */
  public static List<Row> of(List<Entry> entries) {
    Map<String, List<Entry>> groups = new LinkedHashMap<>();
    for (Entry e : entries) {
      groups
          .computeIfAbsent(
              e.scorer() + "\u0000" + e.schedule() + "\u0000" + e.stage(), x -> new ArrayList<>())
          .add(e);
    }
    List<Row> rows = new ArrayList<>();
    for (List<Entry> group : groups.values()) {
      TreeMap<Long, Double> worst = new TreeMap<>();
      TreeMap<Long, double[]> sums = new TreeMap<>();
      java.util.Set<String> studies = new java.util.TreeSet<>();
      for (Entry e : group) {
        worst.merge(e.lag(), e.regret(), Math::max);
        double[] s = sums.computeIfAbsent(e.lag(), x -> new double[2]);
        s[0] += e.regret();
        s[1]++;
        studies.add(e.study());
      }
      TreeMap<Long, Double> mean = new TreeMap<>();
      sums.forEach((k, s) -> mean.put(k, s[0] / s[1]));
      long horizon = -1;
      for (Long k : worst.descendingKeySet()) {
        if (worst.get(k) > 1) {
          break;
        }
        horizon = k;
      }
      Entry first = group.get(0);
      rows.add(
          new Row(
              first.scorer(),
              first.schedule(),
              first.stage(),
              studies.size(),
              worst,
              mean,
              horizon));
    }
    return rows;
  }
}
