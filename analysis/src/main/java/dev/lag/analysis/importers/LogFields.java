package dev.lag.analysis.importers;

import dev.lag.analysis.InvalidInputException;
import java.util.List;

/**
 * Which keys (JSON fields, CSV columns) of a log hold the step, the training loss and the held-out
 * loss. By default the importers look for the names common frameworks write ({@code loss}, {@code
 * train_loss}, {@code eval_loss}, ...); a log exported from W&amp;B or TensorBoard names them its
 * own way ({@code train/loss}, {@code _step}), and the user says so: {@code --field
 * train=train/loss}. One CSV may hold many runs, told apart by a column ({@code candidate},
 * W&amp;B's {@code Name}, TensorBoard's {@code run}, or the one named by {@code --field
 * candidate=COLUMN}).
 *
 * @param step the step key, or null for the usual names ({@code step} in JSON logs; {@code step},
 *     {@code Step}, {@code _step}, {@code global_step} in CSV)
 * @param train the training-loss key, or null for the importer's list of usual names
 * @param eval the held-out-loss key, or null for the importer's list of usual names
 * @param candidate the CSV column that names each row's run, or null for the usual names
 */
public record LogFields(String step, String train, String eval, String candidate) {
  /** The usual names of everything. */
  public static final LogFields DEFAULT = new LogFields(null, null, null, null);

  /**
   * The fields given as {@code KIND=KEY} with KIND one of step, train, eval, candidate.
   *
   * @throws InvalidInputException naming {@code --field} and the assignment
   */
  public static LogFields parse(List<String> assignments) {
    LogFields f = DEFAULT;
    for (String a : assignments) {
      int eq = a.indexOf('=');
      String kind = eq < 0 ? "" : a.substring(0, eq).trim();
      String key = eq < 0 ? "" : a.substring(eq + 1).trim();
      if (key.isEmpty()) {
        throw InvalidInputException.field("--field", a, "expected KIND=KEY, e.g. train=train/loss");
      }
      f =
          switch (kind) {
            case "step" -> new LogFields(key, f.train, f.eval, f.candidate);
            case "train" -> new LogFields(f.step, key, f.eval, f.candidate);
            case "eval" -> new LogFields(f.step, f.train, key, f.candidate);
            case "candidate" -> new LogFields(f.step, f.train, f.eval, key);
            default ->
                throw InvalidInputException.field(
                    "--field", a, "KIND must be step, train, eval or candidate");
          };
    }
    return f;
  }

  /** The step key of a JSON log: the named one, or {@code step}. */
  String stepKey() {
    return step == null ? "step" : step;
  }

  /** The step keys to look for, in order: the named one, or the usual ones. */
  List<String> stepKeys(List<String> usual) {
    return step == null ? usual : List.of(step);
  }

  /** The keys that name a row's run, in order: the named one, or the usual ones. */
  List<String> candidateKeys(List<String> usual) {
    return candidate == null ? usual : List.of(candidate);
  }

  /** The training-loss keys to look for, in order: the named one, or the usual ones. */
  List<String> trainKeys(List<String> usual) {
    return train == null ? usual : List.of(train);
  }

  /** The held-out-loss keys to look for, in order. */
  List<String> evalKeys(List<String> usual) {
    return eval == null ? usual : List.of(eval);
  }

  /** Fails when a key the user named appears nowhere in the file. */
  void checkSeen(java.nio.file.Path file, boolean sawTrain, boolean sawEval) {
    if (train != null && !sawTrain) {
      throw InvalidInputException.field("--field train", train, "no entry of " + file + " has it");
    }
    if (eval != null && !sawEval) {
      throw InvalidInputException.field("--field eval", eval, "no entry of " + file + " has it");
    }
  }
}
