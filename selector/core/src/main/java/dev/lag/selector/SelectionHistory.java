package dev.lag.selector;

import dev.lag.analysis.confidence.Twins;
import dev.lag.analysis.scoring.Prediction;
import dev.lag.analysis.scoring.ScoreEvidence;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.stats.PairedBootstrap;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything recorded so far in one selection: each candidate's trajectories since growth, one per
 * seed replica, and the scorer that turns a trajectory into a score. Policies decide from this
 * alone. A candidate's score is the mean of its replicas' scores; it has reached a step when every
 * replica has, and diverged when any replica did.
 */
public final class SelectionHistory {
  private final Map<String, List<Trajectory>> replicas;
  private final int replicaCount;
  private final Scorer scorer;
  private final long finalStep;

  /**
   * @param replicas each candidate's trajectories in pool order, one per replica (index = replica)
   * @param replicaCount the replicas every candidate trains (a candidate with fewer has not reached
   *     any step yet)
   * @param scorer scores a trajectory at a lag (lower is better)
   * @param finalStep the step whose loss the scores predict (the stage's end)
   */
  public SelectionHistory(
      Map<String, List<Trajectory>> replicas, int replicaCount, Scorer scorer, long finalStep) {
    this.replicas = replicas;
    this.replicaCount = replicaCount;
    this.scorer = scorer;
    this.finalStep = finalStep;
  }

  /** A history of one replica per candidate. */
  public static SelectionHistory of(
      Map<String, Trajectory> trajectories, Scorer scorer, long finalStep) {
    Map<String, List<Trajectory>> one = new LinkedHashMap<>();
    trajectories.forEach((name, t) -> one.put(name, List.of(t)));
    return new SelectionHistory(one, 1, scorer, finalStep);
  }

  /** Replica 0 of every candidate that reported, in pool order. */
  public Map<String, Trajectory> trajectories() {
    Map<String, Trajectory> out = new LinkedHashMap<>();
    replicas.forEach(
        (name, list) -> {
          if (!list.isEmpty() && list.get(0) != null) {
            out.put(name, list.get(0));
          }
        });
    return out;
  }

  /** Every replica of every candidate that reported, in pool order. */
  public Map<String, List<Trajectory>> replicas() {
    return replicas;
  }

  /** The replicas each candidate trains. */
  public int replicaCount() {
    return replicaCount;
  }

  /** The scorer. */
  public Scorer scorer() {
    return scorer;
  }

  /** The step the scores predict. */
  public long finalStep() {
    return finalStep;
  }

  /** The last step every replica of the candidate has reached (-1 if one never trained). */
  public long reached(String candidate) {
    List<Trajectory> list = replicas.get(candidate);
    if (list == null || list.size() < replicaCount) {
      return -1;
    }
    long min = Long.MAX_VALUE;
    for (Trajectory t : list) {
      min = Math.min(min, t == null ? -1 : t.lastStep());
    }
    return min;
  }

  /** The candidates that have not diverged, in the given order. */
  public List<String> alive(List<String> candidates) {
    List<String> alive = new ArrayList<>();
    for (String c : candidates) {
      if (!diverged(c)) {
        alive.add(c);
      }
    }
    return alive;
  }

  /** Whether any replica of the candidate diverged. */
  public boolean diverged(String candidate) {
    List<Trajectory> list = replicas.get(candidate);
    return list != null && list.stream().anyMatch(t -> t != null && t.diverged());
  }

  /**
   * Which of {@code candidates} are one model as far as their runs up to lag k show: every
   * replica's losses identical to the last bit over at least one trained step ({@link Twins}).
   */
  public Twins twins(List<String> candidates, long k) {
    List<List<Trajectory>> runs = new ArrayList<>();
    for (String c : candidates) {
      List<Trajectory> list = replicas.getOrDefault(c, List.of());
      runs.add(
          list.stream().map(t -> t == null ? new Trajectory(c, List.of()) : t.upTo(k)).toList());
    }
    return Twins.ofReplicas(runs);
  }

  /**
   * The candidate's score at lag k: the mean of its replicas' (NaN when diverged, not there yet, or
   * a replica has nothing to score). With several replicas its {@code stdError} is their standard
   * deviation over the square root of their number; with one, the scorer's reading noise.
   */
  public Prediction score(String candidate, long k) {
    List<Prediction> each = perReplica(candidate, k);
    if (each.isEmpty()) {
      return Prediction.NONE;
    }
    double sum = 0;
    for (Prediction p : each) {
      sum += p.value();
    }
    double mean = sum / each.size();
    if (each.size() == 1) {
      return each.get(0);
    }
    double sq = 0;
    for (Prediction p : each) {
      sq += (p.value() - mean) * (p.value() - mean);
    }
    return new Prediction(mean, Math.sqrt(sq / (each.size() - 1) / each.size()));
  }

  /** Each replica's prediction at k; empty unless every replica has one. */
  private List<Prediction> perReplica(String candidate, long k) {
    if (diverged(candidate) || reached(candidate) < k) {
      return List.of();
    }
    List<Prediction> out = new ArrayList<>();
    for (Trajectory t : replicas.get(candidate)) {
      Prediction p = scorer.predict(t, k, finalStep);
      if (Double.isNaN(p.value())) {
        return List.of();
      }
      out.add(p);
    }
    return out;
  }

  /**
   * The given candidates that reached step k and did not diverge, but have nothing to score there:
   * a policy that ranks at k without their scores would decide on nothing.
   */
  public List<String> unscored(List<String> candidates, long k) {
    List<String> out = new ArrayList<>();
    for (String c : candidates) {
      if (!diverged(c) && reached(c) >= k && Double.isNaN(score(c, k).value())) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * The given candidates ordered best first by their score at lag k; diverged and unscored ones
   * last, in their given order.
   */
  public List<String> rank(List<String> candidates, long k) {
    List<String> order = new ArrayList<>(candidates);
    order.sort(Comparator.comparingDouble(c -> orderKey(score(c, k).value())));
    return order;
  }

  /**
   * How sure the ranking of the given candidates at lag k is, from the evidence they share (see
   * {@link PairedBootstrap}): each replica's score as the mean of its per-batch losses where the
   * scorer's value is one, else as one value. Empty when there is nothing to resample (one replica
   * of one value each) or a candidate has no score at k.
   *
   * @param candidates every one must have a score at k
   */
  public Optional<PairedBootstrap.Result> evidence(List<String> candidates, long k) {
    List<List<Prediction>> all = new ArrayList<>();
    for (String c : candidates) {
      List<Prediction> each = perReplica(c, k);
      if (each.isEmpty()) {
        return Optional.empty();
      }
      all.add(each);
    }
    return ScoreEvidence.compare(all);
  }

  /**
   * How fast the candidate was still learning at step k: the fall per step of its held-out loss
   * (its training loss where it logs none) between steps k/2 and k, mean over replicas. It converts
   * a gap in loss into the steps of training that gap is worth at that point. NaN when the loss did
   * not fall or was not logged at both ends.
   */
  public double progressRate(String candidate, long k) {
    List<Trajectory> list = replicas.get(candidate);
    if (list == null || k < 2) {
      return Double.NaN;
    }
    double sum = 0;
    int n = 0;
    for (Trajectory t : list) {
      Metric m = t.has(Metric.EVAL_LOSS) ? Metric.EVAL_LOSS : Metric.TRAIN_LOSS;
      long from = t.stepOfValueAt(m, k / 2);
      long to = t.stepOfValueAt(m, k);
      if (from < 0 || to <= from) {
        continue;
      }
      sum += (t.valueAt(m, from) - t.valueAt(m, to)) / (to - from);
      n++;
    }
    double rate = n == 0 ? Double.NaN : sum / n;
    return rate > 0 ? rate : Double.NaN;
  }

  private static double orderKey(double score) {
    return Double.isNaN(score) ? Double.POSITIVE_INFINITY : score;
  }
}
