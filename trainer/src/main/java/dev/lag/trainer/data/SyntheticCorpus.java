package dev.lag.trainer.data;

import dev.lag.trainer.model.Seeds;
import java.util.SplittableRandom;

/**
 * The embedded corpus: English-like text generated from a seed, so that a fresh machine needs no
 * download. It mixes structure at several ranges, so that deeper models measurably beat shallow
 * ones:
 *
 * <ul>
 *   <li>sentences from a small probabilistic grammar, whose verb agrees in number with a subject
 *       that a relative clause may separate from it (short to medium range);
 *   <li>variable binding: {@code let k = 7 ; let q = k ; print q = 7 .}, where the answer needs a
 *       look-up, sometimes through a chain of aliases (long range, composition of look-ups);
 *   <li>copying: {@code copy xqzkw : xqzkw .} (induction over a random string);
 *   <li>two-digit addition: {@code add 23 + 45 = 68 .};
 *   <li>nested brackets that must be closed in reverse order: {@code nest ( [ { } ] ) .}.
 * </ul>
 */
public final class SyntheticCorpus {
  /** The corpus is the same whatever the training seed: candidates must see the same text. */
  public static final long SEED = 2024;

  private static final String[] DETS = {"the", "a", "every", "one", "this", "that"};
  private static final String[] ADJS = {
    "old", "small", "red", "quiet", "bright", "tired", "wise", "green"
  };
  private static final String[] NOUNS = {
    "dog", "cat", "king", "farmer", "bird", "child", "river", "stone", "teacher", "horse", "tree",
    "sailor", "queen", "wolf"
  };
  private static final String[] VERBS = {
    "see", "follow", "watch", "help", "find", "call", "carry", "praise", "fear", "love"
  };
  private static final String[] PREPS = {"near", "under", "behind", "beside", "above"};
  private static final String[] OPEN = {"(", "[", "{", "<"};
  private static final String[] CLOSE = {")", "]", "}", ">"};

  private final SplittableRandom random;
  private final StringBuilder out = new StringBuilder();

  private SyntheticCorpus(long seed) {
    this.random = new SplittableRandom(Seeds.derive(seed, "embedded-corpus"));
  }

  /** About {@code bytes} bytes of text (ASCII, so also that many byte tokens). */
  public static String generate(int bytes) {
    return generate(bytes, SEED);
  }

  /** About {@code bytes} bytes of text from the given seed. */
  public static String generate(int bytes, long seed) {
    SyntheticCorpus corpus = new SyntheticCorpus(seed);
    while (corpus.out.length() < bytes) {
      corpus.paragraph();
    }
    corpus.out.setLength(bytes);
    return corpus.out.toString();
  }

  private void paragraph() {
    int lines = 3 + random.nextInt(6);
    for (int i = 0; i < lines; i++) {
      double r = random.nextDouble();
      if (r < 0.40) {
        sentence();
      } else if (r < 0.62) {
        binding();
      } else if (r < 0.77) {
        copy();
      } else if (r < 0.89) {
        addition();
      } else {
        brackets();
      }
      out.append('\n');
    }
    out.append('\n');
  }

  private void sentence() {
    boolean plural = random.nextBoolean();
    nounPhrase(plural);
    if (random.nextDouble() < 0.4) {
      // A relative clause between subject and verb: agreement must reach across it.
      boolean innerPlural = random.nextBoolean();
      out.append(" that ");
      nounPhrase(innerPlural);
      out.append(' ').append(verb(innerPlural));
    }
    out.append(' ').append(verb(plural)).append(' ');
    nounPhrase(random.nextBoolean());
    if (random.nextDouble() < 0.3) {
      out.append(' ').append(pick(PREPS)).append(' ');
      nounPhrase(random.nextBoolean());
    }
    out.append(" .");
  }

  private void nounPhrase(boolean plural) {
    out.append(plural ? (random.nextBoolean() ? "the" : "some") : pick(DETS));
    if (random.nextDouble() < 0.5) {
      out.append(' ').append(pick(ADJS));
    }
    out.append(' ').append(pick(NOUNS)).append(plural ? "s" : "");
  }

  private String verb(boolean plural) {
    String v = pick(VERBS);
    return plural ? v : v + "s";
  }

  private void binding() {
    int count = 3 + random.nextInt(4);
    char[] names = new char[count];
    int[] values = new int[count];
    StringBuilder used = new StringBuilder();
    for (int i = 0; i < count; i++) {
      char name;
      do {
        name = (char) ('a' + random.nextInt(26));
      } while (used.indexOf(String.valueOf(name)) >= 0);
      used.append(name);
      names[i] = name;
      out.append("let ").append(name).append(" = ");
      if (i > 0 && random.nextDouble() < 0.4) {
        int alias = random.nextInt(i);
        values[i] = values[alias];
        out.append(names[alias]);
      } else {
        values[i] = random.nextInt(10);
        out.append(values[i]);
      }
      out.append(" ; ");
    }
    int query = random.nextInt(count);
    out.append("print ").append(names[query]).append(" = ").append(values[query]).append(" .");
  }

  private void copy() {
    int length = 4 + random.nextInt(9);
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < length; i++) {
      word.append((char) ('a' + random.nextInt(26)));
    }
    out.append("copy ").append(word).append(" : ").append(word).append(" .");
  }

  private void addition() {
    int a = 10 + random.nextInt(90);
    int b = 10 + random.nextInt(90);
    out.append("add ").append(a).append(" + ").append(b).append(" = ").append(a + b).append(" .");
  }

  private void brackets() {
    int depth = 2 + random.nextInt(5);
    int[] stack = new int[depth];
    out.append("nest");
    for (int i = 0; i < depth; i++) {
      stack[i] = random.nextInt(OPEN.length);
      out.append(' ').append(OPEN[stack[i]]);
    }
    for (int i = depth - 1; i >= 0; i--) {
      out.append(' ').append(CLOSE[stack[i]]);
    }
    out.append(" .");
  }

  private String pick(String[] words) {
    return words[random.nextInt(words.length)];
  }
}
