package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lag.analysis.io.RunKind;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.selector.Evidence;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Prior;
import dev.lag.selector.RecordingTrainer;
import dev.lag.selector.Selection;
import dev.lag.selector.SelectionJson;
import dev.lag.selector.SelectionSession;
import dev.lag.selector.experiments.growth.GrowthPoint;
import dev.lag.selector.policy.Policies;
import dev.lag.selector.policy.SelectionPolicy;
import dev.lag.selector.runners.RunnerTrainer;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag select}: grow a checkpoint with every candidate, train each for the lag, pick. */
@Command(
    name = "select",
    mixinStandardHelpOptions = true,
    header = "LAG at one growth point: grow, train each candidate for a lag, pick.",
    description = {
      "Grow a checkpoint with every candidate of a pool, train each for a short lag, and pick.",
      "Writes RUN_DIR/run.json, RUN_DIR/metrics.jsonl (every step of every candidate) and RUN_DIR/selection.json (the winner, the ranking with uncertainty, ties and compute)."
    })
final class SelectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin GrowthPointOptions point;

  @Option(
      names = "--policy",
      // Chosen by the rule of RESULTS.md (issue 25) on the horizon studies of the default pool.
      defaultValue = Evidence.DEFAULT_POLICY,
      description =
          "fixed-lag(k=N), successive-halving(r=N, eta=N), race(r=N, eta=N, maxLag=N), stable-ranking(step=N, window=N, maxLag=N), prior, or hedged(r=N, confidence=P, keep=P, budget=S, lookAhead=true|false, lags=steps|fraction, weigh=equal|regime, spread=pooled|regime) (calibrated on the bank, read at the same step or the same share of each study's stage, every study counting alike or by how near its regime is to the stage, the claims' spread measured on every study or on those of the stage's regime: commits when P(within 1 seed-noise SD) reaches P, else keeps who could still win, within S stages of overhead; with lookAhead, commits at once where no affordable rung is expected to move the pick) (default ${DEFAULT-VALUE}).")
  String policy;

  @Mixin ScoringOptions scoring;

  @Mixin OutOptions output;

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Override
  public Integer call() throws Exception {
    GrowthPoint resolved = point.resolve();
    GrowthPoint growth =
        new GrowthPoint(
            resolved.source(),
            scoring.measuring(resolved.stage(), false),
            resolved.target(),
            resolved.pool());
    RunConfig stage = growth.stage();
    Evidence evidence = scoring.evidence(policy);
    Scorer scorer = evidence.scorer(stage.train().learningRates());
    SelectionPolicy p =
        evidence.policy(
            policy, SelectionSession.specs(growth.pool()), stage.train().learningRates());
    Prior prior = evidence.prior(new ArrayList<>(SelectionSession.specs(growth.pool()).values()));
    Policies.checkFits(
        p, growth.pool().size(), stage.train().steps(), scorer.cooldownSteps(), evidence.scorer());
    // Loaded here only to fail fast on a bad corpus; every window loads it where it runs.
    TextData.load(stage.data(), growth.target().seqLen(), stage.train().seed());
    runnerOptions.check();
    PrintWriter printer = spec.commandLine().getOut();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    RecordedRun run =
        new RecordedRun(
            output.open(RunKind.SELECT), growth.record(point.from.toString(), json), printer);
    Selection selection =
        run.train(
            runnerOptions,
            stage.train().device(),
            (runner, metrics) ->
                LagSelector.builder()
                    .setTrainer(
                        new RecordingTrainer(
                            new RunnerTrainer(runner, growth.source(), growth.grown()),
                            metrics,
                            1,
                            printer))
                    .optPolicy(p)
                    .optScorer(scorer)
                    .optReplicas(stage.train().replicas())
                    .optPrior(prior)
                    .optCalibration(evidence.calibration(stage.train().learningRates()))
                    .optFinalStep(stage.train().steps())
                    .build()
                    .choose(growth.pool()));
    run.complete("selection.json", SelectionJson.toJson(selection, json));
    print(selection, printer);
    run.printRecords("selection.json");
    return 0;
  }

  static void print(Selection s, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%nwinner: %s (policy %s, scored by %s at lag %d: %s)%n",
        s.winner(),
        s.policy(),
        s.scorer(),
        s.lag(),
        s.reason());
    printRanking(s, out);
    out.println("uncertainty: " + s.uncertainty());
    if (s.confidence().computed()) {
      StringBuilder line = new StringBuilder("P(best) / P(within 1 seed-noise SD):");
      s.confidence()
          .pBest()
          .forEach(
              (n, p) ->
                  line.append(
                      String.format(
                          Locale.ROOT, " %s %.2f / %.2f;", n, p, s.confidence().pWithin().get(n))));
      out.println(line.substring(0, line.length() - 1));
    }
    out.println("confidence: " + s.confidence().measures());
    if (s.confidence().trackRecord() != null) {
      out.println(s.confidence().trackRecord().describe());
    }
    if (!s.tiedWithWinner().isEmpty()) {
      out.println(
          (s.tieBreak().rule() == Selection.TieBreak.Rule.CALIBRATED
                  ? "tied with the winner (as likely as not to end within 1 seed-noise SD of the"
                      + " best): "
                  : "tied with the winner (their difference's interval holds 0): ")
              + String.join(", ", s.tiedWithWinner())
              + (s.tieBreak().rule() == Selection.TieBreak.Rule.PRIOR
                  ? "; the prior decided (" + s.tieBreak().prior() + ")"
                  : ""));
    }
    printCost(s, out);
  }

  /** The ranking at the lag: score, its error, the difference with the best and its interval. */
  private static void printRanking(Selection s, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%4s  %-28s %10s %10s %24s %7s  %s%n",
        "rank",
        "candidate",
        "score",
        "std err",
        "vs best [95% interval]",
        "steps",
        "status");
    for (Selection.Ranked r : s.ranking()) {
      String vs =
          r.rank() == 1
              ? "-"
              : Double.isNaN(r.differenceLow())
                  ? String.format(Locale.ROOT, "%+.4f", r.difference())
                  : String.format(
                      Locale.ROOT,
                      "%+.4f [%+.4f, %+.4f]",
                      r.difference(),
                      r.differenceLow(),
                      r.differenceHigh());
      out.printf(
          Locale.ROOT,
          "%4d  %-28s %10.4f %10.4f %24s %7d  %s%s%n",
          r.rank(),
          r.name(),
          r.score(),
          r.stdError(),
          vs,
          r.stepsTrained(),
          r.status().label(),
          r.name().equals(s.winner()) ? "  <- pick" : "");
    }
  }

  /** What the selection spent, and what its overhead bought. */
  private static void printCost(Selection s, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "selection compute: %d steps, %.3g FLOPs, %.1f s%n",
        s.compute().steps(),
        s.compute().flops(),
        s.compute().seconds());
    Selection.Trade t = s.trade();
    if (Double.isFinite(t.regret())) {
      // No earlier step may have compared every candidate (a lag of one step, say): then there is
      // nothing the overhead brought the regret down from.
      String from =
          t.firstStep() < 0
              ? "left an expected regret of"
              : String.format(
                  Locale.ROOT,
                  "brought the expected regret from %.4f at step %d to",
                  t.firstRegret(),
                  t.firstStep());
      out.printf(
          Locale.ROOT,
          "trade: %d overhead steps (%.3g FLOPs) %s %.4f at the lag%s%n",
          t.overheadSteps(),
          t.overheadFlops(),
          from,
          t.regret(),
          Double.isFinite(t.regretSteps())
              ? String.format(Locale.ROOT, " (about %.0f steps of training)", t.regretSteps())
              : "");
    }
  }
}
