package dev.lag.trainer.data;

import java.nio.charset.StandardCharsets;

/** UTF-8 bytes as tokens: vocabulary 256, no training, no files, works for any text. */
public final class ByteTokenizer implements Tokenizer {
  @Override
  public int[] encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int[] ids = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      ids[i] = bytes[i] & 0xff;
    }
    return ids;
  }

  @Override
  public String decode(int[] ids) {
    byte[] bytes = new byte[ids.length];
    for (int i = 0; i < ids.length; i++) {
      bytes[i] = (byte) ids[i];
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public int vocabSize() {
    return 256;
  }

  @Override
  public String describe() {
    return "bytes";
  }
}
