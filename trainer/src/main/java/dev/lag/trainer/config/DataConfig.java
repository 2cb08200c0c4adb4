package dev.lag.trainer.config;

import dev.lag.analysis.InvalidInputException;

/**
 * Where training text comes from and how it is tokenised.
 *
 * @param corpus {@code embedded} (generated from the seed, needs nothing) or a path: a text file, a
 *     folder of {@code .txt} files, or JSONL; any of them optionally gzipped
 * @param embeddedBytes size of the embedded corpus in bytes
 * @param jsonField the field that holds the text in JSONL records
 * @param tokenizer {@code bytes} (vocabulary 256) or the path of a Hugging Face {@code
 *     tokenizer.json}
 * @param valFraction share of the corpus held out for validation
 */
public record DataConfig(
    String corpus, int embeddedBytes, String jsonField, String tokenizer, double valFraction) {

  /**
   * The largest embedded corpus: generated paragraph by paragraph into one string, which overshoots
   * by a paragraph and holds at most 2^31 characters.
   */
  public static final int MAX_EMBEDDED_BYTES = 1 << 30;

  /** The embedded corpus, byte tokens, 5% held out. */
  public static final DataConfig DEFAULT =
      new DataConfig("embedded", 2_000_000, "text", "bytes", 0.05);

  /** Validates every field; each error names the field and the bad value. */
  public DataConfig {
    if (corpus == null || corpus.isBlank()) {
      throw InvalidInputException.field("corpus", corpus, "must be 'embedded' or a path");
    }
    GptConfig.positive("embeddedBytes", embeddedBytes);
    if (embeddedBytes > MAX_EMBEDDED_BYTES) {
      throw InvalidInputException.field(
          "embeddedBytes",
          embeddedBytes,
          "at most " + MAX_EMBEDDED_BYTES + " (the text is generated in one Java string)");
    }
    if (jsonField == null || jsonField.isBlank()) {
      throw InvalidInputException.field("jsonField", jsonField, "must name a JSON field");
    }
    if (tokenizer == null || tokenizer.isBlank()) {
      throw InvalidInputException.field(
          "tokenizer", tokenizer, "must be 'bytes' or a tokenizer.json path");
    }
    if (!(valFraction > 0 && valFraction < 0.5)) {
      throw InvalidInputException.field("valFraction", valFraction, "must be in (0, 0.5)");
    }
  }

  /** Whether the corpus is the generated one. */
  public boolean isEmbedded() {
    return corpus.equals("embedded");
  }
}
