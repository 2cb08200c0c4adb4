package dev.lag.trainer.primitives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.stats.Proportion;
import dev.lag.trainer.data.ByteTokenizer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The primitives against an independent solver: every generated answer is what the statements say,
 * and the evaluation counts an answer right exactly when the predictor produces it.
 */
class PrimitiveSuiteTest {
  static final ByteTokenizer BYTES = new ByteTokenizer();
  static final Pattern MATH = Pattern.compile("([a-z])=([a-z0-9])");
  static final Pattern CODE = Pattern.compile("let ([a-z]) = ([a-z0-9])");

  /** Solves the last line of a text by reading it, not by knowing how it was generated. */
  static String solve(String text) {
    String line = text.substring(text.lastIndexOf('\n') + 1);
    if (line.startsWith("copy ")) {
      String[] parts = line.substring(5).split(" : ");
      return parts[0].substring(parts[1].length(), parts[1].length() + 1);
    }
    boolean code = line.startsWith("let ");
    Map<String, String> vars = new HashMap<>();
    Matcher m = (code ? CODE : MATH).matcher(line);
    while (m.find()) {
      vars.put(m.group(1), m.group(2));
    }
    String query =
        code
            ? line.substring(line.lastIndexOf("print ") + 6, line.lastIndexOf("print ") + 7)
            : line.substring(line.lastIndexOf(", ") + 2, line.lastIndexOf(", ") + 3);
    String v = vars.get(query);
    while (!Character.isDigit(v.charAt(0))) {
      v = vars.get(v);
    }
    return v;
  }

  @Test
  void everyAnswerIsWhatTheStatementsSay() {
    for (Primitive task : Primitive.values()) {
      SplittableRandom random = new SplittableRandom(task.ordinal());
      for (int i = 0; i < 200; i++) {
        Primitive.Example prompt = task.prompt(random);
        assertEquals(solve(prompt.text()), prompt.answer(), task + ": " + prompt.text());
        String[] lines = prompt.text().split("\n");
        assertEquals(Primitive.SHOTS + 1, lines.length, "five solved examples and the query");
        for (int shot = 0; shot < Primitive.SHOTS; shot++) {
          // A solved line carries its answer right after the query's "?", "=" or ":" part.
          String solved = lines[shot];
          String prefix = solved.substring(0, solved.length() - (solved.endsWith(" .") ? 3 : 1));
          assertEquals(solve(prefix), solved.substring(prefix.length(), prefix.length() + 1));
        }
      }
    }
  }

  @Test
  void theLookUpChainHasTheDepthOfTheTask() {
    SplittableRandom random = new SplittableRandom(3);
    String d2 = Primitive.ASSIGN_D2_MATH.example(random).text();
    // g=4, t=7, x=t, q=g, m=x, e=q, e=?  : six statements, two of them digits.
    assertEquals(7, d2.split(", ").length, d2);
    assertEquals(2, d2.replaceAll("[^0-9]", "").length(), d2);
    String d0 = Primitive.ASSIGN_D0_CODE.example(random).text();
    assertTrue(
        d0.matches("let [a-z] = \\d ; let [a-z] = \\d ; let [a-z] = \\d ; print [a-z] = "), d0);
  }

  @Test
  void aPredictorThatSolvesTheTasksScoresAllAndOneThatGuessesScoresNone() {
    PrimitiveSuite suite = PrimitiveSuite.generate(BYTES, 30, 42);
    Map<Primitive, Proportion> perfect = suite.evaluate(windows -> nextBySolving(windows), 4096);
    perfect.values().forEach(p -> assertEquals(30, p.successes()));
    assertEquals(1.0, PrimitiveSuite.mean(perfect));
    Map<Primitive, Proportion> wrong =
        suite.evaluate(windows -> new int[windows.length], 4096); // always byte 0
    wrong.values().forEach(p -> assertEquals(0, p.successes()));
  }

  @Test
  void promptsAreCutFromTheLeftToTheContext() {
    PrimitiveSuite suite = PrimitiveSuite.generate(BYTES, 10, 42);
    int[] longest = {0};
    Map<Primitive, Proportion> r =
        suite.evaluate(
            windows -> {
              longest[0] = Math.max(longest[0], windows[0].length);
              return nextBySolving(windows);
            },
            96);
    assertEquals(96, longest[0]);
    // The longest query line (depth 2, code: 82 bytes) fits in 96, so a solver solves them all.
    r.values().forEach(p -> assertEquals(10, p.successes()));
    assertTrue(suite.shotsThatFit(Primitive.ASSIGN_D2_CODE, 128) < 1);
    assertEquals(Primitive.SHOTS, suite.shotsThatFit(Primitive.INDUCTION, 4096));
  }

  @Test
  void theSameSeedAsksTheSameQuestions() {
    SplittableRandom a = new SplittableRandom(7);
    SplittableRandom b = new SplittableRandom(7);
    assertEquals(Primitive.INDUCTION.prompt(a), Primitive.INDUCTION.prompt(b));
  }

  static int[] nextBySolving(int[][] windows) {
    int[] out = new int[windows.length];
    for (int i = 0; i < windows.length; i++) {
      out[i] = solve(BYTES.decode(windows[i])).charAt(0);
    }
    return out;
  }
}
