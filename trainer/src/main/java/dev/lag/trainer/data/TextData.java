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
    String text =
        config.isEmbedded()
            ? SyntheticCorpus.generate(config.embeddedBytes())
            : new CorpusReader(config.jsonField()).read(Path.of(config.corpus()));
    int[] tokens = tokenizer.encode(text);
    if (tokens.length == 0) {
      throw InvalidInputException.field("corpus", config.corpus(), "has no tokens");
    }
    String source =
        config.isEmbedded() ? "embedded(" + config.embeddedBytes() + " bytes)" : config.corpus();
    return new TextData(
        tokenizer, TokenSplit.of(tokens, seqLen, config.valFraction(), seed), source);
  }
}
