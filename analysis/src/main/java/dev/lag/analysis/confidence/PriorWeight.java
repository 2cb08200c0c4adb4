package dev.lag.analysis.confidence;

/**
 * Whether the calibration gives the prior one weight for every study or a weight that varies from
 * study to study. A prior measured on other studies is wrong by study, along its own direction: a
 * growth point that reverses its regime's usual order reverses the whole prior, which independent
 * errors per candidate cannot say (RESULTS.md, "A prior whose weight varies between studies").
 */
public enum PriorWeight {
  /** One weight, fitted on every study: the error is independent per candidate. */
  FIXED,
  /**
   * A weight drawn once per pick, its spread between studies measured out of sample ({@link
   * EvidenceModel#priorWeightSd}); the independent spread is what is left of the measured one.
   */
  VARYING;

  /** The spec's spelling: {@code fixed} or {@code varying}. */
  public String spelling() {
    return Spellings.of(this);
  }

  /**
   * Parses {@code fixed} or {@code varying}.
   *
   * @param field the option or argument being parsed, named in the error
   * @param text what was given
   */
  public static PriorWeight parse(String field, String text) {
    return Spellings.parse(PriorWeight.class, field, text);
  }
}
