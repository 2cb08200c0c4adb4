package dev.lag.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tokenizer.json written by the test, loaded offline through DJL's native tokenizers. */
@Tag("djl")
class HuggingFaceTokenizerTest {
  static final String WORD_LEVEL =
      """
      {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
       "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null,
       "decoder": null,
       "model": {"type": "WordLevel", "unk_token": "[UNK]",
                 "vocab": {"[UNK]": 0, "the": 1, "dog": 2, "cat": 3, "sees": 4, ".": 5}}}
      """;

  @Test
  void encodesWithoutSpecialTokensOrTruncation(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("tokenizer.json"), WORD_LEVEL);
    Tokenizer t = Tokenizers.of(file.toString());
    assertEquals(6, t.vocabSize());
    assertArrayEquals(new int[] {1, 2, 4, 1, 3, 5}, t.encode("the dog sees the cat ."));
    assertArrayEquals(new int[] {1, 0, 5}, t.encode("the horse ."));
    // Longer than the 512 tokens DJL truncates to by default.
    assertEquals(3000, t.encode("the dog . ".repeat(1000)).length);
  }

  @Test
  void missingOrBrokenFilesAreUserErrors(@TempDir Path dir) throws Exception {
    InvalidInputException missing =
        assertThrows(
            InvalidInputException.class, () -> Tokenizers.of(dir.resolve("none.json").toString()));
    assertTrue(missing.getMessage().startsWith("tokenizer="), missing.getMessage());
    Path broken = Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": 3}");
    assertThrows(InvalidInputException.class, () -> Tokenizers.of(broken.toString()));
  }
}
