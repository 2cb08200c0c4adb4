package dev.lag.trainer.data;

/** Turns text into token ids and back. Two implementations: bytes, and Hugging Face JSON. */
public interface Tokenizer {
  /** Token ids of a text. */
  int[] encode(String text);

  /** The text of token ids (best effort for partial multi-byte sequences). */
  String decode(int[] ids);

  /** Number of distinct ids this tokenizer can produce. */
  int vocabSize();

  /** A short description for provenance ({@code bytes}, or the tokenizer file). */
  String describe();
}
