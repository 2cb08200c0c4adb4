package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.StudyBank;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.curve.LagCurveJson;
import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.curve.LagPoint;
import dev.lag.analysis.curve.PoolDefaults;
import dev.lag.analysis.importers.Importers;
import dev.lag.analysis.importers.LogFields;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.scoring.Scorer;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.smile.RandomForestRegressor;
import dev.lag.analysis.stats.Correlation;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lag analyze}: does early loss predict final loss, in any framework's logs? */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    header = "Lag curve of runs from any framework: does early loss rank them by final loss?",
    description = {
      "For each lag k: how well the score at k ranks the runs by their final loss (Spearman, Kendall, Pearson with 95%% intervals), top-1 agreement, regret and ties.",
      "INPUT: lag run folders, Hugging Face trainer_state.json, Lightning metrics.csv, CSV (candidate,step,loss[,eval_loss]) or JSONL logs, or a folder whose sub-folders are runs."
    })
final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Logs or folders of runs.")
  List<Path> inputs;

  @Option(
      names = "--final-step",
      paramLabel = "N",
      description = "Ground-truth step (default: the last step all candidates reached).")
  Long finalStep;

  @Option(
      names = "--scorer",
      defaultValue = "last",
      description =
          "last, eval, ema, mean, powerlaw, cooldown(c) or learned (a random forest trained on"
              + " --bank or --train-on) (default ${DEFAULT-VALUE}).")
  String scorer;

  @Option(
      names = "--metric",
      paramLabel = "train|eval",
      description = "Loss to rank by (default: eval when every candidate has it).")
  String metric;

  @Option(
      names = "--grid",
      split = ",",
      paramLabel = "K",
      description = "Lags to evaluate (default: 0, the end, and a geometric grid).")
  List<Long> grid;

  @Option(
      names = "--final-window",
      paramLabel = "STEPS",
      description =
          "Average the final value over this many last steps (default: 1 for eval, 5%% of the run for train).")
  Long finalWindow;

  @Option(
      names = "--train-on",
      paramLabel = "DIR",
      description = "Completed earlier runs (logs) for --scorer learned.")
  List<Path> trainOn = new ArrayList<>();

  @Option(
      names = "--bank",
      paramLabel = "DIR",
      description =
          "Earlier studies for --scorer learned (every study.json below DIR); a study among the"
              + " inputs is left out of what it is judged by.")
  Path bank;

  @picocli.CommandLine.Mixin LogFieldsOption fields;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "FILE.json",
      description = "Write the result as JSON (schema in the README).")
  Path out;

  @Override
  public Integer call() throws Exception {
    OutputPaths.file(out, "--out");
    LogFields logFields = fields.parse();
    List<Trajectory> pool = Importers.load(inputs, logFields);
    Metric m = metric != null ? Metric.parse(metric) : PoolDefaults.metric(pool);
    long end = finalStep != null ? finalStep : PoolDefaults.finalStep(pool);
    List<Trajectory> training =
        new ArrayList<>(trainOn.isEmpty() ? List.of() : Importers.load(trainOn, logFields));
    if (bank != null) {
      StudyBank b = StudyBank.load(bank);
      for (Path input : inputs) {
        b = b.without(Files.isDirectory(input) ? input : input.toAbsolutePath().getParent());
      }
      training.addAll(b.trajectories());
    }
    Scorer s = Scorers.byName(scorer, m, training, new RandomForestRegressor(200, 1));
    if (finalWindow != null && finalWindow < 1) {
      throw InvalidInputException.field("--final-window", finalWindow, "must be >= 1 step");
    }
    long window = finalWindow != null ? finalWindow : PoolDefaults.finalWindow(m, end);
    long[] lags =
        grid != null
            ? grid.stream().mapToLong(Long::longValue).toArray()
            : LagCurve.geometricGrid(end, 12);
    LagCurve.checkGrid(lags, end, "--grid");
    // Only once every option is known good: a mistake stays one line.
    warnIfFewRuns(pool);
    LagCurveResult result =
        new LagCurve(s, m, window, RankAgreement.standard(seed)).compute(pool, end, lags);
    print(result, spec.commandLine().getOut());
    if (out != null) {
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode node = LagCurveJson.toJson(result, json);
      AtomicFiles.writeString(out, json.writeValueAsString(node));
      spec.commandLine().getOut().println("wrote " + out);
    }
    return 0;
  }

  /** Rank correlations need three runs; say what was found, so a wrong path is seen at once. */
  private void warnIfFewRuns(List<Trajectory> pool) throws java.io.IOException {
    if (pool.size() >= 3) {
      return;
    }
    List<String> found = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        Importers.discover(input).forEach(r -> found.add(r.name() + " (" + r.log() + ")"));
      } else {
        found.add(input.toString());
      }
    }
    spec.commandLine()
        .getErr()
        .println(
            "lag: found "
                + pool.size()
                + " run"
                + (pool.size() == 1 ? "" : "s")
                + " in "
                + String.join(", ", found)
                + "; rank correlations need at least 3 (give the folder that holds the runs)");
  }

  static void print(LagCurveResult r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%d candidates (%d diverged), final step %d, %s, scorer %s; best at the end: %s%n",
        r.candidates().size(),
        r.diverged().size(),
        r.finalStep(),
        Metric.parse(r.metric()).describe(),
        r.scorer(),
        r.best());
    out.printf(
        Locale.ROOT,
        "%8s  %-22s %7s  %7s %7s  %7s  %-14s %4s %9s %8s  %s%n",
        "k",
        "spearman [95% CI]",
        "p",
        "kendall",
        "p",
        "pearson",
        "pick",
        "top1",
        "regret",
        "/noise",
        "tied with pick");
    for (LagPoint p : r.points()) {
      out.printf(
          Locale.ROOT,
          "%8d  %-22s %7s  %7s %7s  %7s  %-14s %4s %9.4f %8s  %s%n",
          p.step(),
          withInterval(p.spearman()),
          number(p.spearman().pValue(), "%.3f"),
          number(p.kendall().value(), "%+.3f"),
          number(p.kendall().pValue(), "%.3f"),
          number(p.pearson().value(), "%+.3f"),
          p.pick(),
          p.top1() ? "yes" : "no",
          p.regret(),
          number(p.regretInNoise(), "%.2f"),
          p.tiedWithPick().isEmpty() ? "-" : String.join(" ", p.tiedWithPick()));
    }
    out.printf(Locale.ROOT, "pick stable from k = %d%n", r.stableFrom());
    if (Double.isFinite(r.seedNoise())) {
      out.printf(
          Locale.ROOT,
          "seed noise %.4f: the spread of final losses across %d data orders that changes"
              + " rankings (candidate-by-seed interaction); /noise is regret in these units%n",
          r.seedNoise(),
          r.replicas());
    } else {
      out.println(
          "seed noise unknown with one data order (replicas=1): regret is not in noise units");
    }
    if (!r.uncertainty().isEmpty()) {
      out.println("ties: " + r.uncertainty());
    }
    if (!r.points().isEmpty() && !r.points().get(0).spearman().defined()) {
      out.println("correlations undefined: " + r.points().get(0).spearman().undefinedReason());
    }
  }

  private static String withInterval(Correlation c) {
    if (!c.defined()) {
      return "n/a";
    }
    return Double.isNaN(c.ciLow())
        ? String.format(Locale.ROOT, "%+.3f", c.value())
        : String.format(Locale.ROOT, "%+.3f [%+.2f, %+.2f]", c.value(), c.ciLow(), c.ciHigh());
  }

  private static String number(double v, String format) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "n/a";
  }
}
