package dev.lag.trainer.data;

import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.config.DataConfig;
import java.nio.file.Path;

/**
 * A corpus loaded and tokenised, split into training and validation tokens.
 *
 * @param tokenizer the tokenizer that produced the ids
 * @param split the training and validation tokens
 * @param source where the text came from, for provenance
 */
public record TextData(Tokenizer tokenizer, TokenSplit split, String source) {

  /** Loads the corpus a data config names and splits it with the given seed. */
  public static TextData load(DataConfig config, int seqLen, long seed) {
    Tokenizer tokenizer = Tokenizers.of(config.tokenizer());
    int[] tokens;
    try {
      String text =
          config.isEmbedded()
              ? SyntheticCorpus.generate(config.embeddedBytes())
              : new CorpusReader(config.jsonField()).read(Path.of(config.corpus()));
      tokens = tokenizer.encode(text);
    } catch (OutOfMemoryError e) {
      // The corpus and its token ids live in the heap; nothing else is allocated yet, so the
      // arrays that did not fit are dropped with this frame and the user can be told which key.
      throw InvalidInputException.field(
          config.isEmbedded() ? "embeddedBytes" : "corpus",
          config.isEmbedded() ? config.embeddedBytes() : config.corpus(),
          String.format(
              java.util.Locale.ROOT,
              "the text and its token ids do not fit in memory (%s); this JVM may use %.1f GB"
                  + " (LAG_JAVA_OPTS=-Xmx...)",
              e.getMessage(),
              Runtime.getRuntime().maxMemory() / 1e9));
    }
    if (tokens.length == 0) {
      throw InvalidInputException.field("corpus", config.corpus(), "has no tokens");
    }
    String source =
        config.isEmbedded() ? "embedded(" + config.embeddedBytes() + " bytes)" : config.corpus();
    return new TextData(
        tokenizer, TokenSplit.of(tokens, seqLen, config.valFraction(), seed), source);
  }
}
