package dev.lag.trainer.primitives;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The synthetic "reasoning primitives" of MIDAS (Saunshi et al., NeurIPS 2024): small in-context
 * tasks whose accuracy shows an inductive bias that perplexity hides. Each example is one line; a
 * prompt is {@link #SHOTS} solved lines and one unsolved query line.
 *
 * <p>Variable assignment, depth d: digits are assigned to variables, then d levels of aliases, and
 * the query asks for a variable of the deepest level, so the answer takes d + 1 look-ups. Variable
 * names are random distinct letters and values distinct digits, so no position or name gives the
 * answer away. Two surface forms of the same problem:
 *
 * <pre>
 *   math  depth 0:  g=4, t=7, b=1, t=? 7
 *   math  depth 1:  g=4, t=7, x=t, q=g, q=? 4
 *   code  depth 1:  let g = 4 ; let t = 7 ; let x = t ; let q = g ; print q = 4 .
 * </pre>
 *
 * The code form is the statement syntax of the embedded corpus, so a small model trained on it has
 * seen the form and the primitive measures the look-up; the math form is new to it and measures
 * whether the skill transfers in context from the examples.
 *
 * <p>Induction copying: a random string, then its first half again; the answer is the next letter
 * ({@code copy qzkwmrtp : qzkw} answers {@code m}), which needs an induction head: find the earlier
 * occurrence of the prefix and copy what followed it.
 */
public enum Primitive {
  /** Three digits assigned, one asked for. */
  ASSIGN_D0_MATH("assign-d0-math", 0, false),
  /** As above, code form. */
  ASSIGN_D0_CODE("assign-d0-code", 0, true),
  /** Two digits, two aliases of them; an alias asked for. */
  ASSIGN_D1_MATH("assign-d1-math", 1, false),
  /** As above, code form. */
  ASSIGN_D1_CODE("assign-d1-code", 1, true),
  /** Two digits, two aliases, two aliases of aliases; one of the last asked for. */
  ASSIGN_D2_MATH("assign-d2-math", 2, false),
  /** As above, code form. */
  ASSIGN_D2_CODE("assign-d2-code", 2, true),
  /** Continue a random string whose prefix is repeated. */
  INDUCTION("induction", -1, false);

  /** Solved examples before the query in every prompt. */
  public static final int SHOTS = 5;

  private static final int INDUCTION_LENGTH = 8;

  private final String label;
  private final int depth;
  private final boolean code;

  Primitive(String label, int depth, boolean code) {
    this.label = label;
    this.depth = depth;
    this.code = code;
  }

  /** The name configs, the CLI and records use. */
  public String label() {
    return label;
  }

  /**
   * Accuracy of a model that copies a random value of the query's line: 1/3 at depth 0 (three
   * digits), 1/2 at depths 1 and 2 (two digits), 1/8 for induction (eight letters). A model that
   * has learnt only the format reaches this; above it is evidence of look-up.
   */
  public double chance() {
    return switch (depth) {
      case -1 -> 1.0 / INDUCTION_LENGTH;
      case 0 -> 1.0 / 3;
      default -> 1.0 / 2;
    };
  }

  /** One example: the line up to its answer, and the answer. */
  public Example example(SplittableRandom random) {
    return depth < 0 ? induction(random) : assignment(random);
  }

  /** A few-shot prompt: {@link #SHOTS} solved lines, then the query line without its answer. */
  public Example prompt(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < SHOTS; i++) {
      Example shot = example(random);
      text.append(shot.text()).append(shot.answer()).append(code ? " ." : "").append('\n');
    }
    Example query = example(random);
    return new Example(text.append(query.text()).toString(), query.answer());
  }

  /** The task of a label, e.g. {@code assign-d1-code}. */
  public static Primitive parse(String label) {
    for (Primitive p : values()) {
      if (p.label.equals(label.trim().toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown primitive " + label);
  }

  private Example assignment(SplittableRandom random) {
    int base = depth == 0 ? 3 : 2;
    char[] names = distinctLetters(random, base * (depth + 1));
    int[] digits = distinctDigits(random, base);
    List<String> statements = new ArrayList<>();
    // values[v] is the digit variable v ends up holding; level l holds variables [l*base, ...).
    int[] values = new int[names.length];
    for (int v = 0; v < base; v++) {
      values[v] = digits[v];
      statements.add(assign(names[v], String.valueOf(digits[v])));
    }
    for (int level = 1; level <= depth; level++) {
      int[] order = permutation(random, base);
      for (int i = 0; i < base; i++) {
        int v = level * base + i;
        int source = (level - 1) * base + order[i];
        values[v] = values[source];
        statements.add(assign(names[v], String.valueOf(names[source])));
      }
    }
    int query = depth * base + random.nextInt(base);
    String q = String.valueOf(names[query]);
    String text =
        code
            ? String.join(" ; ", statements) + " ; print " + q + " = "
            : String.join(", ", statements) + ", " + q + "=? ";
    return new Example(text, String.valueOf(values[query]));
  }

  private String assign(char name, String value) {
    return code ? "let " + name + " = " + value : name + "=" + value;
  }

  private static Example induction(SplittableRandom random) {
    char[] letters = new char[INDUCTION_LENGTH];
    for (int i = 0; i < letters.length; i++) {
      letters[i] = (char) ('a' + random.nextInt(26));
    }
    String word = new String(letters);
    int half = INDUCTION_LENGTH / 2;
    return new Example(
        "copy " + word + " : " + word.substring(0, half), word.substring(half, half + 1));
  }

  private static char[] distinctLetters(SplittableRandom random, int n) {
    int[] picks = sample(random, 26, n);
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      out[i] = (char) ('a' + picks[i]);
    }
    return out;
  }

  private static int[] distinctDigits(SplittableRandom random, int n) {
    return sample(random, 10, n);
  }

  /** {@code n} distinct values of [0, bound), in random order (partial Fisher-Yates). */
  private static int[] sample(SplittableRandom random, int bound, int n) {
    int[] all = new int[bound];
    for (int i = 0; i < bound; i++) {
      all[i] = i;
    }
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(bound - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    return java.util.Arrays.copyOf(all, n);
  }

  private static int[] permutation(SplittableRandom random, int n) {
    return sample(random, n, n);
  }

  /**
   * A line up to its answer, and the answer: the model must continue {@code text} with exactly
   * {@code answer}.
   *
   * @param text what the model sees
   * @param answer the expected greedy continuation
   */
  public record Example(String text, String answer) {}
}
