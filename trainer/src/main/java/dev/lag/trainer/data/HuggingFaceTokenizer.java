package dev.lag.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.engine.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json}, loaded offline through DJL's bundled native tokenizers.
 * Truncation, padding and special tokens are off: language-model data is one long stream of ids.
 */
public final class HuggingFaceTokenizer implements Tokenizer {
  private final ai.djl.huggingface.tokenizers.HuggingFaceTokenizer tokenizer;
  private final Path file;
  private final int vocabSize;

  /** Loads {@code file}; a missing or unreadable file is a user error naming it. */
  public HuggingFaceTokenizer(Path file) {
    if (!Files.isRegularFile(file)) {
      throw InvalidInputException.field("tokenizer", file, "no such file");
    }
    this.file = file;
    Engines.quiet();
    try {
      this.tokenizer =
          ai.djl.huggingface.tokenizers.HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(false)
              .optTruncation(false)
              .optPadding(false)
              .build();
      this.vocabSize = vocabSizeOf(file);
    } catch (IOException | RuntimeException e) {
      throw InvalidInputException.field(
          "tokenizer", file, "cannot load it (" + e.getMessage() + ")");
    }
  }

  private static int vocabSizeOf(Path file) throws IOException {
    // tokenizer.json lists the vocabulary under model.vocab; added tokens may extend it.
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    int max = -1;
    for (Map.Entry<String, JsonNode> e : iterable(root.path("model").path("vocab"))) {
      max = Math.max(max, e.getValue().asInt());
    }
    for (JsonNode added : root.path("added_tokens")) {
      max = Math.max(max, added.path("id").asInt());
    }
    if (max < 0) {
      throw new IOException("no model.vocab in " + file);
    }
    return max + 1;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }

  @Override
  public int[] encode(String text) {
    long[] ids = tokenizer.encode(text).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  @Override
  public String decode(int[] ids) {
    long[] longs = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      longs[i] = ids[i];
    }
    return tokenizer.decode(longs);
  }

  @Override
  public int vocabSize() {
    return vocabSize;
  }

  @Override
  public String describe() {
    return file.toString();
  }
}
