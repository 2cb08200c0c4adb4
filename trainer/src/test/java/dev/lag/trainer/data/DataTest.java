package dev.lag.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.analysis.InvalidInputException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataTest {
  @Test
  void syntheticCorpusIsDeterministicAndStructured() {
    String a = SyntheticCorpus.generate(50_000);
    assertEquals(a, SyntheticCorpus.generate(50_000));
    assertEquals(50_000, a.length());
    assertNotEquals(a, SyntheticCorpus.generate(50_000, 7));
    for (String kind : List.of("let ", "print ", "copy ", "add ", "nest ", " that ")) {
      assertTrue(a.contains(kind), "corpus has " + kind);
    }
    // Every completed binding line's answer is the value bound (through aliases) to the name.
    for (String line : a.split("\n")) {
      if (line.startsWith("let ") && line.endsWith(" .")) {
        assertTrue(bindingHolds(line), line);
      }
    }
  }

  private static boolean bindingHolds(String line) {
    java.util.Map<String, String> values = new java.util.HashMap<>();
    String[] parts = line.substring(0, line.length() - 2).split(" ; ");
    for (int i = 0; i < parts.length - 1; i++) {
      String[] kv = parts[i].substring(4).split(" = ");
      values.put(kv[0], values.getOrDefault(kv[1], kv[1]));
    }
    String[] query = parts[parts.length - 1].substring(6).split(" = ");
    return values.get(query[0]).equals(query[1]);
  }

  @Test
  void bytesRoundTrip() {
    ByteTokenizer t = new ByteTokenizer();
    int[] ids = t.encode("héllo");
    assertEquals(6, ids.length);
    assertEquals("héllo", t.decode(ids));
    assertTrue(Arrays.stream(ids).allMatch(i -> i >= 0 && i < 256));
  }

  @Test
  void readsTextFoldersJsonlAndGzip(@TempDir Path dir) throws Exception {
    CorpusReader reader = new CorpusReader("text");
    Path txt = dir.resolve("a.txt");
    Files.writeString(txt, "alpha");
    assertEquals("alpha", reader.read(txt));

    Path gz = dir.resolve("b.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("beta".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("beta", reader.read(gz));
    assertEquals("alpha\nbeta", reader.read(dir), "folder: sorted .txt files joined by newlines");

    Path jsonl = dir.resolve("c.jsonl");
    Files.writeString(jsonl, "{\"text\":\"one\"}\n\n{\"text\":\"two\",\"id\":2}\n");
    assertEquals("one\ntwo", reader.read(jsonl));
    Files.writeString(jsonl, "{\"text\":\"one\"}\n{\"body\":\"two\"}\n");
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> reader.read(jsonl));
    assertTrue(e.getMessage().contains("line 2: no text field 'text'"), e.getMessage());
  }

  @Test
  void missingAndEmptyCorporaAreUserErrors(@TempDir Path dir) throws Exception {
    CorpusReader reader = new CorpusReader("text");
    InvalidInputException missing =
        assertThrows(InvalidInputException.class, () -> reader.read(dir.resolve("nope.txt")));
    assertTrue(
        missing.getMessage().contains("corpus=") && missing.getMessage().contains("no such file"));
    Path empty = Files.writeString(dir.resolve("empty.txt"), "");
    assertTrue(
        assertThrows(InvalidInputException.class, () -> reader.read(empty))
            .getMessage()
            .contains("contains no text"));
    Path sub = Files.createDirectory(dir.resolve("sub"));
    assertTrue(
        assertThrows(InvalidInputException.class, () -> reader.read(sub))
            .getMessage()
            .contains("no .txt"));
  }

  @Test
  void splitIsSeededAndDisjointAndCoversTheCorpus() {
    int[] tokens = new int[100_000];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = i; // distinct, so every token's provenance is visible
    }
    TokenSplit a = TokenSplit.of(tokens, 64, 0.1, 1);
    TokenSplit b = TokenSplit.of(tokens, 64, 0.1, 1);
    TokenSplit c = TokenSplit.of(tokens, 64, 0.1, 2);
    assertArrayEquals(a.validation(), b.validation());
    assertTrue(
        !Arrays.equals(a.validation(), c.validation()), "another seed holds out other chunks");
    assertEquals(tokens.length, a.train().length + a.validation().length);
    assertEquals(0.1, a.validation().length / (double) tokens.length, 0.03);
    int[] all = new int[tokens.length];
    System.arraycopy(a.train(), 0, all, 0, a.train().length);
    System.arraycopy(a.validation(), 0, all, a.train().length, a.validation().length);
    Arrays.sort(all);
    assertArrayEquals(tokens, all);
  }

  @Test
  void tooShortCorpusIsAUserError() {
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> TokenSplit.of(new int[100], 64, 0.1, 1));
    assertTrue(e.getMessage().contains("too short"), e.getMessage());
    assertThrows(InvalidInputException.class, () -> new BatchSampler(new int[10], 64, 2, 1));
  }

  @Test
  void batchesArePureFunctionsOfSeedAndStep() {
    int[] tokens = new int[5000];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = i % 251;
    }
    BatchSampler s = new BatchSampler(tokens, 16, 4, 9);
    Batch b3 = s.batch(3);
    s.batch(0);
    assertArrayEquals(b3.inputs(), s.batch(3).inputs());
    assertArrayEquals(b3.inputs(), new BatchSampler(tokens, 16, 4, 9).batch(3).inputs());
    assertTrue(!Arrays.equals(b3.inputs(), s.batch(4).inputs()));
    for (int i = 0; i < b3.inputs().length; i++) {
      if ((i + 1) % 16 != 0) {
        assertEquals(b3.targets()[i], b3.inputs()[i + 1], "targets are inputs shifted by one");
      }
    }
  }

  @Test
  void evalWindowsFollowTheDocumentedRule() {
    int[] tokens = new int[35];
    for (int i = 0; i < tokens.length; i++) {
      tokens[i] = i;
    }
    // T = 8: windows need iT+T+1 <= 35, so i = 0..3 (4 windows); the 5th would need 41 tokens.
    List<Batch> batches = EvalWindows.all(tokens, 8, 3);
    assertEquals(2, batches.size());
    assertEquals(3, batches.get(0).batch());
    assertEquals(1, batches.get(1).batch());
    assertEquals(24, batches.get(1).inputs()[0]);
    assertEquals(32, batches.get(1).targets()[7]);
    assertEquals(4, EvalWindows.windowCount(tokens, 8));
    assertEquals(1, EvalWindows.spread(tokens, 8, 2, 1).size());
    // evalBatches x batch past 2^31 once overflowed into no windows at all (a NaN validation loss)
    List<Batch> every = EvalWindows.spread(tokens, 8, 2, Integer.MAX_VALUE);
    assertEquals(4, every.stream().mapToInt(Batch::batch).sum());
  }
}
