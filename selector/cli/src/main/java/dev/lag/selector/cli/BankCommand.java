package dev.lag.selector.cli;

import dev.lag.analysis.bank.BankFile;
import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.bank.StudyBank;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lag bank}: the studies that later selections and benchmarks learn from. */
@Command(
    name = "bank",
    mixinStandardHelpOptions = true,
    header =
        "Keep finished studies (their curves, no weights) in a bank, list them, and see how"
            + " calibrated picks fared on them.",
    description = {
      "A bank is a folder of studies, one gzipped JSONL file each (NAME.jsonl.gz: a header with the study's config, pool and finals, then every logged step). The repository's bank/ is the default: lag bench selection judges it, --bank reads it. Studies of your own regime, run in any framework, join it with lag bank import."
    },
    subcommands = {
      BankCommand.Add.class,
      BankImportCommand.class,
      BankCommand.ListStudies.class,
      BankTrackCommand.class,
      BankHorizonCommand.class
    })
final class BankCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The repository's bank: {@code bank/} beside the launcher. */
  static Path defaultBank() {
    return Path.of(System.getProperty("lag.home", ".")).resolve("bank");
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      header = "Add a finished lag study to a bank.",
      description = {"Writes BANK/NAME.jsonl.gz; a name the bank holds already is refused."})
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY", description = "A finished lag study folder.")
    Path study;

    @picocli.CommandLine.Mixin BankTargetOptions target;

    @Override
    public Integer call() {
      Path written = BankFile.write(study, target.name, target.bank());
      // Read it back: a bank file that does not load is worse than none.
      BankStudy s = BankFile.read(written);
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "banked %s: %d candidates, stage %d steps, %s (%s)%n",
              s.name(),
              s.growth().size(),
              s.finalStep(),
              s.config().getOrDefault("schedule", "cosine"),
              written);
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      header = "List a bank's studies.",
      description = {"One line per study: corpus, depths, stage length, schedule, best candidate."})
  static final class ListStudies implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--bank", paramLabel = "DIR", description = "The bank (default: bank/).")
    Path bank;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      StudyBank b = StudyBank.load(bank == null ? defaultBank() : bank);
      out.printf(
          Locale.ROOT,
          "%-34s %-10s %6s %-22s %3s %3s  %s%n",
          "study",
          "corpus",
          "stage",
          "schedule",
          "K",
          "R",
          "best (mean final)");
      for (BankStudy s : b.studies()) {
        Map.Entry<String, Double> best =
            s.finals().entrySet().stream()
                .filter(e -> !e.getValue().isNaN())
                .min(Comparator.comparingDouble(Map.Entry::getValue))
                .orElse(Map.entry("-", Double.NaN));
        String corpus = Path.of(s.config().getOrDefault("corpus", "?")).getFileName().toString();
        out.printf(
            Locale.ROOT,
            "%-34s %-10s %6d %-22s %3d %3d  %s (%.4f)%n",
            s.name(),
            corpus,
            s.finalStep(),
            s.config().getOrDefault("schedule", "cosine"),
            s.growth().size(),
            s.finalsByReplica().values().stream().mapToInt(v -> v.length).min().orElse(0),
            best.getKey(),
            best.getValue());
      }
      return 0;
    }
  }
}
