package dev.lag.selector;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.spec.Spec;
import java.util.regex.Pattern;

/**
 * One way to grow: a name and a growth spec such as {@code midas(b=1, optimizer=copy)}, with an
 * optional post-growth learning rate and warm-up that override the stage's. The core checks the
 * spec's syntax only; what it means is up to the trainer that grows the candidate (lag's own
 * operators: {@code lag ops}).
 *
 * @param name unique within its pool; used in records and reports
 * @param growth the growth spec (see {@code lag ops})
 * @param lr peak learning rate after growth, or null for the stage's
 * @param warmup warm-up steps after growth, or null for the spec's {@code rewarmup} or the stage's
 */
public record Candidate(String name, String growth, Double lr, Integer warmup) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=,()\\[\\]-]*");

  /** Validates the name and the spec's syntax, so a bad pool fails before any training. */
  public Candidate {
    checkName(name);
    Spec.parse("growth spec", growth, "midas(b=2, optimizer=copy)");
    if (lr != null && !(lr > 0)) {
      throw InvalidInputException.field("candidate " + name + " lr", lr, "must be positive");
    }
    if (warmup != null && warmup < 0) {
      throw InvalidInputException.field("candidate " + name + " warmup", warmup, "must be >= 0");
    }
  }

  /**
   * Checks a candidate name: it goes into file names, records and URLs. Brackets are allowed, so a
   * candidate may be named after its spec ({@code map(layers=[0,1,1,0])}).
   *
   * @throws InvalidInputException naming the bad name
   */
  public static void checkName(String name) {
    if (name == null || !NAME.matcher(name.replace(" ", "")).matches()) {
      throw InvalidInputException.field(
          "candidate", name, "names use letters, digits and . _ - = , ( ) [ ]");
    }
  }

  /** A candidate named after its spec. */
  public static Candidate of(String growth) {
    return new Candidate(growth.replace(" ", ""), growth, null, null);
  }
}
