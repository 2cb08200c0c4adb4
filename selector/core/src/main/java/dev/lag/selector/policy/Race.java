package dev.lag.selector.policy;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.stats.PairedBootstrap;
import dev.lag.selector.SelectionHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A race on the rungs of successive halving that stops paying as soon as more lag cannot pay back.
 * At each rung (r, r x eta, ...) the candidates are compared on their paired evidence: those whose
 * difference with the leader is clearly above 0 drop out (racing, Maron and Moore 1994, with a
 * paired bootstrap in place of Hoeffding bounds). It picks when one is left; or when those left are
 * tied within the noise and the expected regret of picking the leader now, converted into steps at
 * the rate the leader is still learning, is below what the next rung would cost (the steps of the
 * candidates that will not be picked); or at {@code maxLag}. Without shared evidence to tell a tie
 * from a gap it halves like {@link SuccessiveHalving}.
 *
 * <p>Every step a losing candidate trains is overhead; the winner's steps count toward its stage.
 * The regret is estimated at the lag (the bootstrap's mean gap between the leader and the best of
 * each draw), where it is worth fewer steps than the same gap at the end of the stage: an estimate,
 * recorded with the selection.
 *
 * @param r steps of the first rung
 * @param eta factor between rungs, at least 2
 * @param maxLag the longest lag, at least r
 */
public record Race(long r, int eta, long maxLag) implements SelectionPolicy {
  /** Validates the parameters. */
  public Race {
    // One line naming the one bad argument, as every other error of lag does.
    if (r < 1) {
      throw new InvalidInputException("race: r=" + r + " must be at least 1");
    }
    if (eta < 2) {
      throw new InvalidInputException("race: eta=" + eta + " must be at least 2");
    }
    if (maxLag < r) {
      throw new InvalidInputException("race: maxLag=" + maxLag + " must be at least r=" + r);
    }
  }

  @Override
  public Decision decide(List<String> candidates, SelectionHistory history) {
    List<String> alive = history.alive(candidates);
    if (alive.isEmpty()) {
      return new Decision.Pick(0, "every candidate diverged");
    }
    long rung = r;
    while (true) {
      Map<String, Long> behind = new LinkedHashMap<>();
      for (String c : alive) {
        if (history.reached(c) < rung) {
          behind.put(c, rung);
        }
      }
      if (!behind.isEmpty()) {
        return new Decision.Train(behind);
      }
      alive.removeIf(history::diverged);
      if (alive.size() <= 1) {
        return new Decision.Pick(rung, "one candidate left at the rung of " + rung + " steps");
      }
      List<String> unscored = history.unscored(alive, rung);
      if (!unscored.isEmpty()) {
        return new Decision.Missing(rung, unscored);
      }

      // Who is still in the race: the leader and those the evidence cannot tell from it.
      List<String> ranked = history.rank(alive, rung);
      Optional<PairedBootstrap.Result> evidence = history.evidence(ranked, rung);
      List<String> left = stillIn(ranked, evidence);
      if (left.size() == 1) {
        return new Decision.Pick(
            rung,
            ranked.get(0)
                + (evidence.isPresent()
                    ? " is ahead of every other candidate by the paired evidence"
                    : " is the best 1 of the rung")
                + " at "
                + rung
                + " steps");
      }

      // Stop paying when another rung costs more than the regret it could buy down.
      long next = rung * eta;
      if (next > maxLag) {
        return new Decision.Pick(
            rung,
            "maxLag="
                + maxLag
                + " reached with "
                + left.size()
                + " candidates tied within the noise");
      }
      Optional<Decision.Pick> stop = notWorthARung(history, ranked, left, evidence, rung, next);
      if (stop.isPresent()) {
        return stop.get();
      }
      alive = left;
      rung = next;
    }
  }

  /** The leader and those the paired evidence cannot tell from it; without evidence, halving. */
  private List<String> stillIn(List<String> ranked, Optional<PairedBootstrap.Result> evidence) {
    if (evidence.isEmpty()) {
      return new ArrayList<>(ranked.subList(0, (int) Math.ceil(ranked.size() / (double) eta)));
    }
    List<PairedBootstrap.Comparison> c = evidence.get().comparisons();
    List<String> left = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      if (i == 0 || c.get(i).tied()) {
        left.add(ranked.get(i));
      }
    }
    return left;
  }

  /**
   * A pick now, when the expected regret of picking the leader, in steps of training at its rate,
   * is below what the next rung would cost (the steps of the candidates that will not be picked).
   */
  private static Optional<Decision.Pick> notWorthARung(
      SelectionHistory history,
      List<String> ranked,
      List<String> left,
      Optional<PairedBootstrap.Result> evidence,
      long rung,
      long next) {
    if (evidence.isEmpty()) {
      return Optional.empty();
    }
    double regret = evidence.get().expectedRegret(0);
    double regretSteps = regret / history.progressRate(ranked.get(0), rung);
    long cost = (left.size() - 1) * (next - rung) * history.replicaCount();
    if (!(regretSteps < cost)) {
      return Optional.empty();
    }
    return Optional.of(
        new Decision.Pick(
            rung,
            String.format(
                Locale.ROOT,
                "%d candidates tied within the noise at %d steps; picking now risks an expected"
                    + " %.4f in score (about %.0f steps of training at the leader's rate), less"
                    + " than the %d steps another rung would cost",
                left.size(),
                rung,
                regret,
                regretSteps,
                cost)));
  }

  @Override
  public long longestLag(int candidates) {
    long rung = r;
    while (rung * eta <= maxLag) {
      rung *= eta;
    }
    return rung;
  }

  @Override
  public String describe() {
    return "race(r=" + r + ", eta=" + eta + ", maxLag=" + maxLag + ")";
  }
}
