package dev.lag.analysis.importers;

import dev.lag.analysis.InvalidInputException;
import java.util.List;

/**
 * Which keys (JSON fields, CSV columns) of a log hold the step, the training loss and the held-out
 * loss. By default the importers look for the names common frameworks write ({@code loss}, {@code
 * train_loss}, {@code eval_loss}, ...); a log exported from W&amp;B or TensorBoard names them its
 * own way ({@code train/loss}, {@code _step}), and the user says so: {@code --field
 * train=train/loss}.
 *
 * @param step the step key
 * @param train the training-loss key, or null for the importer's list of usual names
 * @param eval the held-out-loss key, or null for the importer's list of usual names
 */
public record LogFields(String step, String train, String eval) {
  /** {@code step}, and the usual names of the losses. */
  public static final LogFields DEFAULT = new LogFields("step", null, null);

  /**
   * The fields given as {@code KIND=KEY} with KIND one of step, train, eval.
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
            case "step" -> new LogFields(key, f.train, f.eval);
            case "train" -> new LogFields(f.step, key, f.eval);
            case "eval" -> new LogFields(f.step, f.train, key);
            default ->
                throw InvalidInputException.field("--field", a, "KIND must be step, train or eval");
          };
    }
    return f;
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
