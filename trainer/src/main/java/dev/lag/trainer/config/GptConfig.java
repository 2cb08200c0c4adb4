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
    // Every tensor is one Java array on the host: each must hold fewer than 2^31 values.
    // The factor that makes a tensor too large is the one named (the larger of its two keys).
    boolean ratio = mlpRatio >= dModel;
    fits(
        ratio ? "mlpRatio" : "dModel",
        ratio ? mlpRatio : dModel,
        (long) dModel * mlpRatio * dModel,
        "an MLP weight (dModel x dModel x mlpRatio)");
    fits("dModel", dModel, 3L * dModel * dModel, "the attention's QKV weight");
    boolean vocab = vocabSize >= dModel;
    fits(
        vocab ? "vocabSize" : "dModel",
        vocab ? vocabSize : dModel,
        (long) vocabSize * dModel,
        "the token embedding");
    boolean context = seqLen >= dModel;
    fits(
        context ? "seqLen" : "dModel",
        context ? seqLen : dModel,
        (long) seqLen * dModel,
        "the position embedding");
    fits("seqLen", seqLen, (long) seqLen * seqLen, "the attention mask");
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

  /** Parameters of one block: QKV and output projection, both MLP matrices, two LayerNorms. */
  public long blockParameters() {
    long d = dModel;
    long h = (long) dModel * mlpRatio;
    return (3 * d * d + 3 * d) + (d * d + d) + (h * d + h) + (d * h + d) + 4 * d;
  }

  /** Scalars in the model: every parameter, embeddings and head included (a tied head once). */
  public long parameterCount() {
    long d = dModel;
    long head = tiedEmbeddings ? 0 : (long) vocabSize * d;
    return layers * blockParameters() + (long) vocabSize * d + (long) seqLen * d + 2 * d + head;
  }

  /**
   * Checks that the model, its AdamW moments and a second copy (growth holds source and target) fit
   * in this JVM's heap, where lag builds tensors before the engine gets them.
   *
   * @param field the key to blame, with its value, when it does not fit
   * @throws InvalidInputException naming the field, the size and the heap
   */
  public void requireHeapFor(String field, Object value) {
    double bytes = parameterCount() * 4.0 * 3 * 2;
    long heap = Runtime.getRuntime().maxMemory();
    if (bytes > heap) {
      throw InvalidInputException.field(
          field,
          value,
          String.format(
              java.util.Locale.ROOT,
              "the model would have %.3g parameters, %.1f GB with its optimizer state; this JVM"
                  + " may use %.1f GB (LAG_JAVA_OPTS=-Xmx...)",
              (double) parameterCount(),
              bytes / 1e9,
              heap / 1e9));
    }
  }

  static void fits(String field, long value, long size, String what) {
    if (size > Integer.MAX_VALUE - 8) {
      throw InvalidInputException.field(
          field,
          value,
          "too large: " + what + " would hold " + size + " values (at most 2^31 in one tensor)");
    }
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
