package dev.lag.selector;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.BankStudy;
import dev.lag.analysis.bank.StudyBank;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An order of preference among growth operators, consulted only to break a tie the evidence cannot:
 * when the candidates that lead are tied within the noise, the one the prior puts first wins, and
 * the selection record says that the prior decided.
 *
 * @param order operator names, most preferred first; operators it does not name come after, in pool
 *     order
 * @param source where the order comes from, for the record
 */
public record Prior(List<String> order, String source) {
  private static final Pattern OPERATOR = Pattern.compile("[a-z][a-z0-9-]*");

  /**
   * The documented default: copying operators first (gradual stacking's stack-top and MIDAS, then
   * the other copies), then new random layers, then the function-preserving zero-new. The LAG paper
   * found that the loss right after a function-preserving growth misleads (Karp et al. 2024), and
   * copying operators carry trained weights into the new layers (Reddi et al. 2023; Saunshi et al.
   * 2024; Du et al. 2024). A bank of studies gives a prior measured on the user's own runs instead.
   */
  public static final Prior DEFAULT =
      new Prior(
          List.of(
              "stack-top",
              "midas",
              "stack-all",
              "interleave",
              "stack-bottom",
              "map",
              "solar",
              "copy-zero",
              "random-new",
              "zero-new"),
          "default: copying operators before new random layers and function-preserving ones"
              + " (Karp et al. 2024; Reddi et al. 2023)");

  /**
   * The order a bank of studies measured: operators by their mean final rank across its studies,
   * best first.
   */
  public static Prior of(StudyBank bank) {
    return new Prior(
        List.copyOf(bank.meanFinalRanks().keySet()),
        "bank "
            + bank.root()
            + ": operators by mean final rank over "
            + bank.studies().size()
            + (bank.studies().size() == 1 ? " study" : " studies"));
  }

  /**
   * The order the bank measured without one of its studies, as a selection judged on that study
   * would break its ties ({@code lag bench selection}, {@code lag bank horizon}); the default order
   * where the other studies did not run every operator of the judged one.
   *
   * @param bank the whole bank
   * @param judged the study held out (its folder, or a copy of it with a smaller pool)
   */
  public static Prior measuredWithout(StudyBank bank, BankStudy judged) {
    StudyBank others = bank.without(judged.dir());
    try {
      others.checkCovers(judged.growth().values());
      return of(others);
    } catch (InvalidInputException notCovered) {
      return DEFAULT;
    }
  }

  /** An immutable order. */
  public Prior {
    order = List.copyOf(order);
  }

  /**
   * The prior's choice among tied candidates: the first in its order, the given order breaking the
   * rest.
   *
   * @param specs the tied candidates' growth specs (or names, for a loop that grows its own way),
   *     by candidate name
   */
  public String choose(Map<String, String> specs) {
    String best = null;
    int bestRank = Integer.MAX_VALUE;
    for (Map.Entry<String, String> e : specs.entrySet()) {
      int rank = rank(e.getValue());
      if (rank < bestRank) {
        best = e.getKey();
        bestRank = rank;
      }
    }
    return best;
  }

  /** Whether the prior places this growth spec's operator at all. */
  public boolean places(String spec) {
    return order.contains(operator(spec));
  }

  /** Where an operator stands in the order (its operator name; past the end when not named). */
  public int rank(String spec) {
    int i = order.indexOf(operator(spec));
    return i < 0 ? order.size() : i;
  }

  /** The operator a growth spec names: {@code midas} of {@code midas(b=2)}; else the text. */
  static String operator(String spec) {
    Matcher m = OPERATOR.matcher(spec == null ? "" : spec.trim());
    return m.lookingAt() ? m.group() : String.valueOf(spec);
  }
}
