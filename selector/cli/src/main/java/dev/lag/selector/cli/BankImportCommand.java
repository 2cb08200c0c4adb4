package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.BankFile;
import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.bank.ImportedStudy;
import dev.lag.analysis.importers.Importers;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.strategies.GrowthException;
import dev.lag.strategies.GrowthOperators;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lag bank import}: a study another framework ran (every candidate of a growth point to the
 * end of its stage, two or more seeds each) into a bank, so that calibrated picks and {@code lag
 * bank track} learn from the user's own regime beside lag's studies.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    header = "Add a study your own framework ran, from its logs, to a bank.",
    description = {
      "INPUT: the logs lag analyze reads (JSONL, CSV, Hugging Face trainer_state.json, a folder of runs). Every candidate of one growth point trained to the end of the stage (--stage) by two or more seeds, each run named CANDIDATE#SEED (or JSONL lines with a replica field; --replica-names for another pattern), with an eval loss logged at the stage's last step. Each candidate's name is its growth operator (midas, stack-top, ...) unless --op names it. Writes BANK/NAME.jsonl.gz in lag's own format; a name the bank holds already is refused."
    })
final class BankImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Logs or folders of runs.")
  List<Path> inputs;

  @Mixin BankTargetOptions target;

  @Option(
      names = "--stage",
      required = true,
      paramLabel = "STEPS",
      description = "The stage's steps after growth: the finals are the eval losses there.")
  long stage;

  @Option(
      names = "--schedule",
      paramLabel = "DECAY",
      description = "The decay after warm-up: cosine (default), wsd(decay=F[, shape=sqrt]), ...")
  String schedule = "cosine";

  @Option(
      names = "--lr",
      required = true,
      paramLabel = "LR",
      description = "The stage's peak learning rate.")
  double lr;

  @Option(
      names = "--warmup",
      required = true,
      paramLabel = "STEPS",
      description = "The stage's warm-up steps.")
  int warmup;

  @Option(
      names = "--min-lr-ratio",
      required = true,
      paramLabel = "R",
      description = "Where the decay ends, as a share of the peak (0 for a decay to zero).")
  double minLrRatio;

  @Option(
      names = "--corpus",
      paramLabel = "WORD",
      description = "What the candidates trained on, in a word: lag bank list shows it.")
  String corpus = "";

  @Option(
      names = "--op",
      paramLabel = "CANDIDATE=SPEC",
      description =
          "A candidate's growth operator where its name is not one, e.g. --op grown-a=midas."
              + " Repeatable.")
  Map<String, String> ops = new LinkedHashMap<>();

  @Option(
      names = "--replica-names",
      paramLabel = "REGEX",
      description =
          "How a run's name says its candidate (group 1) and seed (group 2), e.g."
              + " '(.+)-seed(\\d+)' (default: '(.+)#(\\d+)').")
  String replicaNames = ImportedStudy.REPLICA_NAMES.pattern();

  @Mixin LogFieldsOption fields;

  @Override
  public Integer call() {
    ImportedStudy.Stage stageRun =
        new ImportedStudy.Stage(stage, schedule, lr, warmup, minLrRatio, corpus);
    Pattern pattern = replicaPattern();
    List<Trajectory> runs = Importers.load(inputs, fields.parse());
    Map<String, String> growth = new LinkedHashMap<>();
    for (Trajectory t : runs) {
      growth.computeIfAbsent(ImportedStudy.candidateOf(t.name(), pattern), this::operatorOf);
    }
    ImportedStudy study = ImportedStudy.of(runs, pattern, growth, stageRun);
    Path written = BankFile.write(study, target.name, target.bank(), inputs);
    // Read it back: a bank file that does not load is worse than none.
    BankStudy s = BankFile.read(written);
    spec.commandLine()
        .getOut()
        .printf(Locale.ROOT, "banked %s: %s (%s)%n", s.name(), study.describe(), written);
    return 0;
  }

  /** The candidate's growth spec: named by --op, or its own name; null when neither is one. */
  private String operatorOf(String candidate) {
    String spec = ops.getOrDefault(candidate, candidate);
    try {
      GrowthOperators.resolve(spec);
      return spec;
    } catch (GrowthException e) {
      if (ops.containsKey(candidate)) {
        throw InvalidInputException.field("--op", candidate + "=" + spec, e.getMessage());
      }
      return null; // ImportedStudy names the candidate that has no spec
    }
  }

  private Pattern replicaPattern() {
    try {
      Pattern p = Pattern.compile(replicaNames);
      if (p.matcher("").groupCount() != 2) {
        throw InvalidInputException.field(
            "--replica-names", replicaNames, "needs two groups: the candidate, then the seed");
      }
      return p;
    } catch (PatternSyntaxException e) {
      throw InvalidInputException.field(
          "--replica-names", replicaNames, "not a regular expression");
    }
  }
}
