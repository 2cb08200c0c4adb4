package dev.lag.selector.policy;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.confidence.BankCalibration;
import dev.lag.analysis.confidence.Confidence;
import dev.lag.analysis.confidence.EvidenceModel;
import dev.lag.analysis.stats.ArgMin;
import dev.lag.selector.SelectionHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Commit only when sure, within a budget: at growth (lag 0, which costs nothing) and then at rungs
 * {@code r, 2r, 4r, ...}, the candidates still in the race are weighed by a model calibrated on a
 * bank of earlier studies ({@link BankCalibration}: the bank's prior and the evidence at that lag,
 * each as reliable as it has been there; "there" is the same step of the bank's studies, or with a
 * calibration {@link dev.lag.analysis.confidence.LagScale#FRACTION} the same share of their stage,
 * every study counting alike or, {@link dev.lag.analysis.confidence.StudyWeights#REGIME}, by how
 * near its stage length and schedule are to this stage's). The policy picks once the likeliest
 * candidate's P(within one seed-noise SD of the best) reaches {@code confidence}; otherwise it
 * drops the candidates whose P(within) is below {@code keep} and trains the rest to the next rung,
 * unless that would take the selection's overhead (every step but the winner's own) past {@code
 * budget} stages of one candidate: then it commits to the likeliest and says the pick was not
 * decidable. A rung where no candidate has a score yet (the annealing law before two evaluations
 * after growth; a cooldown scorer at growth, where no probe is taken) adds no evidence and is
 * passed over; a budget spent before any score commits to the bank's prior alone. A rung where only
 * some candidates have a score is a loop that does not report what the scorer reads: the policy
 * says what is missing. Like every policy it holds no state: the race is replayed from the history.
 * The selection benchmark replays this very class on the bank's studies, so what it measured is
 * what a selection does.
 *
 * <p>With {@code lookAhead}, it also asks before each rung whether the evidence is worth buying: if
 * at none of the rungs the stage and budget still afford is a reading expected to lower the pick's
 * predicted final by {@value #WORTH} seed-noise SDs or more ({@link EvidenceModel#expectedGain},
 * readings drawn from those the bank saw at that lag), the evidence there has predicted finals too
 * weakly to change what is known now, and training to it would only spend the budget: it commits
 * now to the likeliest (at growth, the bank's prior).
 *
 * @param calibration the bank's model per lag (fitted with the selection's scorer)
 * @param specs each candidate's growth spec, which names its operator in the bank's prior
 * @param r the first rung after growth, in steps
 * @param confidence the P(within one seed-noise SD) at which it commits
 * @param keep the P(within) below which a candidate is dropped
 * @param budget the most overhead it may spend, in stages of one candidate
 * @param lookAhead whether to commit at once when no affordable rung is worth reading
 */
public record Hedged(
    BankCalibration calibration,
    Map<String, String> specs,
    long r,
    double confidence,
    double keep,
    double budget,
    boolean lookAhead)
    implements SelectionPolicy {

  /**
   * The least expected gain, in seed-noise SDs, worth training for: the rule that chose the
   * defaults (RESULTS.md) counts regrets within 0.1 SD of each other as tied.
   */
  public static final double WORTH = 0.1;

  /** Validates the numbers. */
  public Hedged {
    // One line naming the one bad argument, as every other error of lag does.
    if (r < 1) {
      throw new InvalidInputException("hedged: r=" + r + " must be at least 1");
    }
    if (!(confidence > 0 && confidence <= 1)) {
      throw new InvalidInputException("hedged: confidence=" + confidence + " must be in (0, 1]");
    }
    if (!(keep >= 0 && keep < confidence)) {
      throw new InvalidInputException(
          "hedged: keep=" + keep + " must be in [0, confidence=" + confidence + ")");
    }
    if (!(budget >= 0 && budget <= 100)) {
      throw new InvalidInputException("hedged: budget=" + budget + " must be in [0, 100] stages");
    }
    specs = Map.copyOf(specs);
  }

  @Override
  public Decision decide(List<String> candidates, SelectionHistory history) {
    long stage = history.finalStep();
    List<String> alive = history.alive(candidates);
    double spent = 0; // steps over every candidate to the current rung, cooldown probes included
    int probe = history.scorer().cooldownSteps();
    long rung = 0;
    long previous = 0;
    long weighed = -1; // the last rung whose scores were weighed
    String leader = null; // the likeliest at that rung
    while (true) {
      alive.removeIf(history::diverged);
      Map<String, Long> behind = new LinkedHashMap<>();
      for (String c : alive) {
        if (history.reached(c) < rung) {
          behind.put(c, rung);
        }
      }
      if (!behind.isEmpty()) {
        return new Decision.Train(behind);
      }
      spent += alive.size() * (double) (rung - previous + (rung > 0 ? probe : 0));
      if (alive.size() <= 1) {
        return new Decision.Pick(rung, "one candidate left at lag " + rung);
      }
      List<String> unscored = history.unscored(alive, rung);
      if (!unscored.isEmpty() && unscored.size() < alive.size()) {
        return new Decision.Missing(rung, unscored);
      }
      // Where no candidate has a score yet (the annealing law needs two points after growth), the
      // rung adds no evidence: the race goes on, as if it were not there.
      Confidence c = unscored.isEmpty() ? weigh(alive, history, rung) : null;
      long next = next(rung);
      if (c != null) {
        weighed = rung;
        int pick = c.pick();
        leader = alive.get(pick);
        double within = c.pWithin()[pick];
        if (within >= confidence) {
          return new Decision.Pick(rung, sure(alive.get(pick), within, rung));
        }
        alive = kept(alive, c);
        if (alive.size() == 1) {
          return new Decision.Pick(rung, "one candidate could still win at lag " + rung);
        }
      }
      double overheadAtNext =
          (spent + alive.size() * (double) (next - rung + probe) - next) / stage;
      // A rung whose cooldown probe would run past the stage's end is past it too.
      boolean pastTheEnd = next >= stage || next + probe > stage;
      if (alive.size() > 1 && (pastTheEnd || overheadAtNext > budget)) {
        return new Decision.Pick(
            weighed >= 0 ? weighed : rung,
            undecided(alive.size(), weighed, next, overheadAtNext, pastTheEnd, probe));
      }
      if (lookAhead && !anyRungWorthReading(alive, leader, rung, spent, stage, probe)) {
        return new Decision.Pick(weighed >= 0 ? weighed : rung, hopeless(rung, weighed));
      }
      previous = rung;
      rung = next;
    }
  }

  /** The rung after {@code rung}: {@code r} after growth, then doubling. */
  private long next(long rung) {
    return rung == 0 ? r : rung * 2;
  }

  /**
   * Whether a reading at some rung after {@code rung} that the stage and the budget still afford is
   * expected to improve on committing now to the likeliest of {@code alive} (the leader weighed
   * last, else the bank prior's favourite) by {@link #WORTH} or more.
   */
  private boolean anyRungWorthReading(
      List<String> alive, String leader, long rung, double spent, long stage, int probe) {
    double[] prior = prior(alive);
    int now = alive.contains(leader) ? alive.indexOf(leader) : ArgMin.of(prior);
    long from = rung;
    long k = next(rung);
    double cost = spent;
    while (k < stage) {
      cost += alive.size() * (double) (k - from + probe);
      if ((cost - k) / stage > budget) {
        return false;
      }
      EvidenceModel model = calibration.model(k).orElse(null);
      if (model != null && model.expectedGain(prior, now, k) >= WORTH) {
        return true;
      }
      from = k;
      k = next(k);
    }
    return false;
  }

  /** The bank's prior for the candidates, by the operators their specs name. */
  private double[] prior(List<String> candidates) {
    return calibration.prior(candidates.stream().map(n -> specs.getOrDefault(n, n)).toList());
  }

  private String hopeless(long rung, long weighed) {
    String at =
        weighed >= 0
            ? String.format(Locale.ROOT, "the likeliest at lag %d", weighed)
            : "the bank's prior, with nothing scored";
    return String.format(
        Locale.ROOT,
        "no reading at the lags the budget still affords after %d is expected to improve the pick"
            + " by %.1f seed-noise SDs (the bank's evidence there has predicted finals too"
            + " weakly), so it commits now to %s",
        rung,
        WORTH,
        at);
  }

  private String sure(String pick, double within, long rung) {
    return String.format(
        Locale.ROOT,
        "%s is within 1 seed-noise SD of the best with P=%.2f >= %.2f at lag %d",
        pick,
        within,
        confidence,
        rung);
  }

  private String undecided(
      int alive, long weighed, long next, double overheadAtNext, boolean pastTheEnd, int probe) {
    String at =
        weighed >= 0
            ? String.format(Locale.ROOT, " at lag %d", weighed)
            : " and nothing was scored before, so the bank's prior chose";
    String why =
        pastTheEnd
            ? String.format(
                Locale.ROOT,
                "the next rung, %d%s, is past the stage's end",
                next,
                probe > 0 ? " with its cooldown probe" : "")
            : String.format(
                Locale.ROOT,
                "the next rung, %d, would spend %.2f stages of overhead, over %.2f",
                next,
                overheadAtNext,
                budget);
    return String.format(
        Locale.ROOT,
        "not decidable within the budget: %d candidates could still win%s (%s)",
        alive,
        at,
        why);
  }

  /** The calibrated confidence among {@code alive} at lag k; null where the bank has no model. */
  Confidence weigh(List<String> alive, SelectionHistory history, long k) {
    EvidenceModel model = calibration.model(k).orElse(null);
    if (model == null) {
      return null;
    }
    double[] scores = new double[alive.size()];
    for (int i = 0; i < alive.size(); i++) {
      scores[i] = history.score(alive.get(i), k).value() / calibration.unit();
    }
    return model.predict(prior(alive), scores, history.twins(alive, k), k);
  }

  /**
   * Nothing has to fit: every rung past growth is taken only while it fits the stage and the
   * budget, which the decision checks itself (a stage shorter than {@code r} is picked at growth).
   */
  @Override
  public long longestLag(int candidates) {
    return 0;
  }

  /** The likeliest and every candidate at least {@code keep} likely to end near the best. */
  private List<String> kept(List<String> alive, Confidence c) {
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < alive.size(); i++) {
      if (i == c.pick() || c.pWithin()[i] >= keep) {
        kept.add(alive.get(i));
      }
    }
    return kept;
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "hedged(r=%d, confidence=%s, keep=%s, budget=%s%s%s)",
        r,
        confidence,
        keep,
        budget,
        lookAhead ? ", lookAhead=true" : "",
        calibration.variant().suffix());
  }
}
