package dev.lag.trainer.config;

import dev.lag.analysis.InvalidInputException;

/**
 * The shape of a GPT: everything needed to build the model and nothing about how it is trained. A
 * checkpoint carries one, so a model can always be rebuilt from its directory.
 *
 * @param vocabSize tokens in the vocabulary; 0 means "take it from the tokenizer"
 * @param dModel width of the residual stream
 * @param heads attention heads; must divide {@code dModel}
 * @param layers transformer blocks
 * @param seqLen context length in tokens (also the size of the learned position table)
 * @param mlpRatio hidden width of the MLP as a multiple of {@code dModel}
 * @param tiedEmbeddings whether the output head shares the token embedding matrix
 */
public record GptConfig(
    int vocabSize,
    int dModel,
    int heads,
    int layers,
    int seqLen,
    int mlpRatio,
    boolean tiedEmbeddings) {

  /** The small default: 4 layers, d 128, 4 heads, context 128, byte vocabulary. */
  public static final GptConfig DEFAULT = new GptConfig(256, 128, 4, 4, 128, 4, true);

  /** Validates every field; each error names the field and the bad value. */
  public GptConfig {
    nonNegative("vocabSize", vocabSize);
    positive("dModel", dModel);
    positive("heads", heads);
    positive("layers", layers);
    positive("seqLen", seqLen);
    positive("mlpRatio", mlpRatio);
    if (dModel % heads != 0) {
      throw new InvalidInputException(
          "heads="
              + heads
              + " does not divide dModel="
              + dModel
              + " (each head needs dModel/heads"
              + " dimensions)");
    }
  }

  /** Width of one attention head. */
  public int headDim() {
    return dModel / heads;
  }

  /** Hidden width of the MLP. */
  public int mlpDim() {
    return dModel * mlpRatio;
  }

  /** A copy with another depth: what a depth-growth operator produces. */
  public GptConfig withLayers(int newLayers) {
    return new GptConfig(vocabSize, dModel, heads, newLayers, seqLen, mlpRatio, tiedEmbeddings);
  }

  /** A copy with another width (heads kept, so the head width grows too). */
  public GptConfig withDModel(int newDModel) {
    return new GptConfig(vocabSize, newDModel, heads, layers, seqLen, mlpRatio, tiedEmbeddings);
  }

  /** A copy with the vocabulary size set (used when it comes from the tokenizer). */
  public GptConfig withVocabSize(int newVocabSize) {
    return new GptConfig(newVocabSize, dModel, heads, layers, seqLen, mlpRatio, tiedEmbeddings);
  }

  static void positive(String field, long value) {
    if (value <= 0) {
      throw InvalidInputException.field(field, value, "must be positive");
    }
  }

  static void nonNegative(String field, long value) {
    if (value < 0) {
      throw InvalidInputException.field(field, value, "must not be negative");
    }
  }
}
