package dev.lag.trainer.data;

import java.nio.file.Path;

/** Picks the tokenizer a config names. */
public final class Tokenizers {
  private Tokenizers() {}

  /** {@code bytes}, or the path of a Hugging Face {@code tokenizer.json}. */
  public static Tokenizer of(String spec) {
    return spec.equals("bytes") ? new ByteTokenizer() : new HuggingFaceTokenizer(Path.of(spec));
  }
}
