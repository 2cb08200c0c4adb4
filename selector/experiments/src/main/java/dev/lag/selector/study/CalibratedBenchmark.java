package dev.lag.selector.study;

import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.confidence.Confidence;
import dev.lag.analysis.confidence.EvidenceModel;
import dev.lag.analysis.confidence.Outcome;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Calibrated picks judged leave-one-study-out: for each study, the {@link EvidenceModel} at each
 * lag is fitted on the other studies only (their picks at that lag, the prior measured on the
 * studies other than each of them), then every replica of the judged study is picked by it. Two
 * products: each pick with its claimed P(best) and P(within one seed-noise SD) and what came true
 * (the reliability table), and a hedged policy that commits once the pick is sure enough and
 * otherwise keeps the candidates that could still win for the next lag, within an overhead budget.
 */
public final class CalibratedBenchmark {
  private final List<BankStudy> studies;
  private final Map<BankStudy, Truth> truths = new LinkedHashMap<>();
  // Fitted once per judged study, scorer and lag: the hedged policy asks for each replica.
  private final Map<String, java.util.Optional<EvidenceModel>> models = new java.util.HashMap<>();

  /**
   * @param studies every study; each is judged on a model fitted to the others
   */
  public CalibratedBenchmark(List<BankStudy> studies) {
    this.studies = List.copyOf(studies);
    studies.forEach(s -> truths.put(s, Truth.of(s)));
  }

  /**
   * One pick and what came true.
   *
   * @param study the study's name
   * @param scorer the evidence's scorer
   * @param lag steps after growth
   * @param replica the replica whose runs were seen
   * @param pick the candidate picked
   * @param pBest its claimed probability of ending best
   * @param pWithin its claimed probability of ending within one seed-noise SD of the best
   * @param best whether it ended best (replica-averaged finals)
   * @param within whether it ended within one seed-noise SD of the best
   * @param regret its final minus the best, in seed-noise SDs
   * @param evidenceWeight the fitted weight of the evidence at this lag (seed-noise per seed-noise)
   * @param priorWeight the fitted weight of the prior
   */
  public record Pick(
      String study,
      String scorer,
      long lag,
      int replica,
      String pick,
      double pBest,
      double pWithin,
      boolean best,
      boolean within,
      double regret,
      double evidenceWeight,
      double priorWeight) {}

  /**
   * The hedged policy on one replica.
   *
   * @param study the study's name
   * @param scorer the evidence's scorer
   * @param replica the replica
   * @param pick the candidate committed to
   * @param lag the lag it committed at
   * @param decided whether the pick reached the confidence asked (else the budget ran out)
   * @param pWithin the pick's claimed P(within one seed-noise SD) when it committed
   * @param regret in seed-noise SDs
   * @param overhead selection steps that are not the winner's own, in stages of one candidate
   * @param survivors candidates still in the race when it committed
   */
  public record Hedged(
      String study,
      String scorer,
      int replica,
      String pick,
      long lag,
      boolean decided,
      double pWithin,
      double regret,
      double overhead,
      int survivors) {}

  /** A study's ground truth: finals averaged over replicas, centred, in its seed-noise units. */
  private record Truth(List<String> names, double[] outcome, double noise) {
    static Truth of(BankStudy s) {
      List<String> names = new ArrayList<>(s.replicas().keySet());
      double noise =
          LagCurve.seedNoise(names.stream().map(n -> s.finalsByReplica().get(n)).toList());
      double[] y = names.stream().mapToDouble(n -> s.finals().get(n) / noise).toArray();
      return new Truth(names, y, noise);
    }

    double best() {
      return Arrays.stream(outcome).min().orElse(Double.NaN);
    }
  }

  /** Every replica of every study picked at every lag, by a model fitted on the other studies. */
  public List<Pick> picks(ScorerRecipe recipe, long[] lags) {
    List<Pick> out = new ArrayList<>();
    for (BankStudy judged : studies) {
      List<BankStudy> others = others(judged);
      Scorer scorer = recipe.make().apply(judged, others);
      Truth truth = truths.get(judged);
      double[] prior = prior(truth.names(), judged, others);
      double unit = referenceNoise(others);
      for (long k : lags) {
        if (k >= judged.finalStep() || scorer == null) {
          continue;
        }
        EvidenceModel model = model(recipe, k, others);
        if (model == null) {
          continue;
        }
        for (int r = 0; r < replicas(judged); r++) {
          double[] x = evidence(judged, scorer, k, r, unit, truth.names());
          if (!Arrays.stream(x).allMatch(Double::isFinite)) {
            continue;
          }
          Confidence c = model.predict(prior, x, 31L * k + r);
          int p = c.pick();
          double regret = truth.outcome()[p] - truth.best();
          out.add(
              new Pick(
                  judged.name(),
                  recipe.name(),
                  k,
                  r,
                  truth.names().get(p),
                  c.pBest()[p],
                  c.pWithin()[p],
                  regret == 0,
                  regret <= 1,
                  regret,
                  model.evidenceWeight(),
                  model.priorWeight()));
        }
      }
    }
    return out;
  }

  /**
   * The hedged policy: at each lag of {@code rungs} (0 first: the loss at growth costs nothing),
   * commit when the pick's P(within one seed-noise SD) reaches {@code confidence}; otherwise drop
   * the candidates whose P(within) is below {@code keep} and go on, unless the next rung would take
   * the overhead past {@code budget} stages of one candidate, in which case commit to the likeliest
   * (undecided).
   */
  public List<Hedged> hedged(
      ScorerRecipe recipe, long[] rungs, double confidence, double keep, double budget) {
    List<Hedged> out = new ArrayList<>();
    for (BankStudy judged : studies) {
      List<BankStudy> others = others(judged);
      Scorer scorer = recipe.make().apply(judged, others);
      if (scorer == null) {
        continue;
      }
      Truth truth = truths.get(judged);
      double[] prior = prior(truth.names(), judged, others);
      double unit = referenceNoise(others);
      long stage = judged.finalStep();
      for (int r = 0; r < replicas(judged); r++) {
        out.add(
            race(
                recipe,
                scorer,
                judged,
                others,
                truth,
                prior,
                unit,
                stage,
                r,
                rungs,
                confidence,
                keep,
                budget));
      }
    }
    return out;
  }

  private Hedged race(
      ScorerRecipe recipe,
      Scorer scorer,
      BankStudy judged,
      List<BankStudy> others,
      Truth truth,
      double[] prior,
      double unit,
      long stage,
      int r,
      long[] rungs,
      double confidence,
      double keep,
      double budget) {
    boolean[] alive = new boolean[truth.names().size()];
    Arrays.fill(alive, true);
    double spent = 0; // steps trained over every candidate, probes included
    long at = 0;
    int pick = argmin(prior);
    double within = Double.NaN;
    for (int i = 0; i < rungs.length && rungs[i] < stage; i++) {
      long lag = rungs[i];
      int survivors = count(alive);
      spent += survivors * (lag - at + probe(scorer, lag));
      at = lag;
      EvidenceModel model = model(recipe, lag, others);
      double[] x = evidence(judged, scorer, lag, r, unit, truth.names());
      if (model != null && Arrays.stream(x).allMatch(Double::isFinite)) {
        int[] index = indices(alive);
        Confidence c = model.predict(pick(prior, index), pick(x, index), 31L * lag + r);
        pick = index[c.pick()];
        within = c.pWithin()[c.pick()];
        if (within >= confidence || survivors == 1) {
          return hedged(judged, recipe, truth, r, pick, lag, true, within, spent, stage, survivors);
        }
        for (int j = 0; j < index.length; j++) {
          if (j != c.pick() && c.pWithin()[j] < keep) {
            alive[index[j]] = false;
          }
        }
      }
      // Go on only if committing at the next rung would keep the overhead (every step but the
      // winner's own) within the budget.
      boolean hasNext = i + 1 < rungs.length && rungs[i + 1] < stage;
      double nextSpent =
          hasNext ? spent + count(alive) * (rungs[i + 1] - lag + probe(scorer, rungs[i + 1])) : 0;
      if (!hasNext || (nextSpent - rungs[i + 1]) / stage > budget) {
        return hedged(
            judged, recipe, truth, r, pick, lag, false, within, spent, stage, count(alive));
      }
    }
    return hedged(judged, recipe, truth, r, pick, at, false, within, spent, stage, count(alive));
  }

  private static Hedged hedged(
      BankStudy judged,
      ScorerRecipe recipe,
      Truth truth,
      int replica,
      int pick,
      long lag,
      boolean decided,
      double pWithin,
      double spent,
      long stage,
      int survivors) {
    return new Hedged(
        judged.name(),
        recipe.name(),
        replica,
        truth.names().get(pick),
        lag,
        decided,
        pWithin,
        truth.outcome()[pick] - truth.best(),
        (spent - lag) / stage,
        survivors);
  }

  /** The model at lag k, fitted on {@code training}'s picks (each with the prior of the others). */
  private EvidenceModel model(ScorerRecipe recipe, long k, List<BankStudy> training) {
    String key = recipe.name() + "/" + k + "/" + training.stream().map(BankStudy::name).toList();
    return models
        .computeIfAbsent(key, x -> java.util.Optional.ofNullable(fit(recipe, k, training)))
        .orElse(null);
  }

  private EvidenceModel fit(ScorerRecipe recipe, long k, List<BankStudy> training) {
    List<Outcome> outcomes = new ArrayList<>();
    for (BankStudy s : training) {
      if (k >= s.finalStep()) {
        continue;
      }
      List<BankStudy> rest = new ArrayList<>(training);
      rest.remove(s);
      Scorer scorer = recipe.make().apply(s, rest);
      if (scorer == null) {
        continue;
      }
      Truth truth = truths.get(s);
      double[] prior = prior(truth.names(), s, rest);
      for (int r = 0; r < replicas(s); r++) {
        double[] x = evidence(s, scorer, k, r, truth.noise(), truth.names());
        if (Arrays.stream(x).allMatch(Double::isFinite)) {
          outcomes.add(Outcome.centred(prior, x, truth.outcome()));
        }
      }
    }
    return EvidenceModel.fit(outcomes);
  }

  /**
   * The prior measured on other studies: each operator's centred final in seed-noise SDs, averaged
   * over the studies that ran it (0 for an operator none ran).
   */
  private double[] prior(List<String> names, BankStudy study, List<BankStudy> from) {
    double[] out = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String op = study.growth().getOrDefault(names.get(i), names.get(i));
      double sum = 0;
      int n = 0;
      for (BankStudy s : from) {
        Truth t = truths.get(s);
        double mean = Arrays.stream(t.outcome()).average().orElse(0);
        for (int j = 0; j < t.names().size(); j++) {
          if (s.growth().getOrDefault(t.names().get(j), t.names().get(j)).equals(op)) {
            sum += t.outcome()[j] - mean;
            n++;
          }
        }
      }
      out[i] = n == 0 ? 0 : sum / n;
    }
    return out;
  }

  /** Each candidate's score at lag k on replica r, in units of {@code unit}. */
  private static double[] evidence(
      BankStudy s, Scorer scorer, long k, int r, double unit, List<String> names) {
    Map<String, List<Trajectory>> runs = s.replicas();
    double[] x = new double[names.size()];
    for (int i = 0; i < names.size(); i++) {
      Trajectory t =
          SelectionBenchmark.view(runs.get(names.get(i)).get(r), k, scorer.cooldownSteps());
      x[i] = scorer.predict(t, k, s.finalStep()).value() / unit;
    }
    return x;
  }

  /** The median seed noise of studies other than the judged one: a user's unit, who has one run. */
  private double referenceNoise(List<BankStudy> others) {
    double[] n = others.stream().mapToDouble(s -> truths.get(s).noise()).sorted().toArray();
    return n.length == 0 ? Double.NaN : n[n.length / 2];
  }

  private List<BankStudy> others(BankStudy judged) {
    return studies.stream().filter(s -> s != judged).toList();
  }

  private static int replicas(BankStudy s) {
    return s.replicas().values().stream().mapToInt(List::size).min().orElse(0);
  }

  /** A cooldown probe's steps at a lag: none at growth, where there is nothing to cool down. */
  private static int probe(Scorer scorer, long lag) {
    return lag > 0 ? scorer.cooldownSteps() : 0;
  }

  private static int count(boolean[] alive) {
    int n = 0;
    for (boolean a : alive) {
      n += a ? 1 : 0;
    }
    return n;
  }

  private static int[] indices(boolean[] alive) {
    int[] out = new int[count(alive)];
    int j = 0;
    for (int i = 0; i < alive.length; i++) {
      if (alive[i]) {
        out[j++] = i;
      }
    }
    return out;
  }

  private static double[] pick(double[] v, int[] index) {
    double[] out = new double[index.length];
    for (int i = 0; i < index.length; i++) {
      out[i] = v[index[i]];
    }
    return out;
  }

  private static int argmin(double[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] < v[best]) {
        best = i;
      }
    }
    return best;
  }
}
