package dev.lag.trainer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.trainer.model.HostTensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (float32 only): an 8-byte little-endian header length, a JSON header
 * mapping each name to its dtype, shape and byte range, padded with spaces to 8 bytes, then the raw
 * little-endian data. PyTorch, JAX and numpy users load it with the {@code safetensors} package.
 */
public final class SafeTensors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SafeTensors() {}

  /** Writes the tensors (in map order) with optional string metadata. */
  public static void write(
      OutputStream out, Map<String, HostTensor> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      // Sorted, so that the same tensors always give the same bytes (Map.of has no fixed order).
      ObjectNode meta = header.putObject("__metadata__");
      new java.util.TreeMap<>(metadata).forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      ObjectNode entry = header.putObject(e.getKey());
      entry.put("dtype", "F32");
      var shape = entry.putArray("shape");
      for (long s : e.getValue().shape()) {
        shape.add(s);
      }
      long bytes = 4L * e.getValue().data().length;
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] json = JSON.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(json);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    out.write(prefix.array());
    // Whole runs of floats at a time through a little-endian view: a float at a time was most of
    // the cost of keeping a paused candidate in the task cache.
    ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer floats = chunk.asFloatBuffer();
    for (HostTensor t : tensors.values()) {
      float[] data = t.data();
      for (int from = 0; from < data.length; ) {
        int n = Math.min(floats.capacity(), data.length - from);
        floats.clear();
        floats.put(data, from, n);
        out.write(chunk.array(), 0, 4 * n);
        from += n;
      }
    }
  }

  /**
   * Reads every tensor of a file, in file order, as float32: F32 as stored, F16 and BF16 widened
   * exactly; any other dtype is an error.
   */
  public static Map<String, HostTensor> read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(Source.of(channel));
    }
  }

  /** {@link #read(Path)} over the bytes of a file already in memory. */
  public static Map<String, HostTensor> read(byte[] file) throws IOException {
    return read(Source.of(file));
  }

  private static Map<String, HostTensor> read(Source file) throws IOException {
    long size = file.size();
    long headerLength = headerLength(file);
    JsonNode header = header(file, headerLength);
    long dataStart = 8 + headerLength;
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    ByteRanges ranges = new ByteRanges();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      JsonNode entry = e.getValue();
      String dtype = entry.path("dtype").asText();
      int width =
          switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default ->
                throw new IOException(
                    e.getKey() + " has dtype " + dtype + "; only F32, F16 and BF16 are read");
          };
      long[] shape = new long[entry.path("shape").size()];
      long elements = 1;
      for (int i = 0; i < shape.length; i++) {
        JsonNode dim = entry.path("shape").get(i);
        shape[i] = dim.canConvertToLong() ? dim.asLong() : -1;
        // A negative or overflowing dimension would pass a product check by wrapping around.
        if (!dim.isIntegralNumber() || shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
          throw new IOException(e.getKey() + ": shape " + entry.path("shape") + " is not valid");
        }
        // A shape whose product passes 2^63 is refused as too large, like one past 2^31.
        elements = elements > Integer.MAX_VALUE && shape[i] != 0 ? elements : elements * shape[i];
      }
      if (elements > Integer.MAX_VALUE) {
        throw new IOException(e.getKey() + ": shape " + entry.path("shape") + " is too large");
      }
      JsonNode offsets = entry.path("data_offsets");
      if (offsets.size() != 2 || !offsets.get(0).isIntegralNumber()) {
        throw new IOException(e.getKey() + ": data_offsets " + offsets + " is not [begin, end]");
      }
      long begin = offsets.get(0).asLong();
      long end = offsets.get(1).asLong();
      if (begin < 0
          || end - begin != width * elements
          || dataStart + end > size
          || !ranges.add(new long[] {begin, end})) {
        throw new IOException(
            e.getKey()
                + ": byte range ["
                + begin
                + ", "
                + end
                + ") does not fit its shape or the file, or overlaps another tensor's");
      }
      ByteBuffer data = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
      file.read(data, dataStart + begin);
      float[] values = new float[(int) ((end - begin) / width)];
      data.flip();
      if (width == 4) {
        data.asFloatBuffer().get(values);
      } else {
        for (int i = 0; i < values.length; i++) {
          short bits = data.getShort();
          values[i] =
              dtype.equals("BF16")
                  ? Float.intBitsToFloat((bits & 0xffff) << 16)
                  : halfToFloat(bits);
        }
      }
      tensors.put(e.getKey(), new HostTensor(shape, values));
    }
    return tensors;
  }

  /** IEEE 754 binary16 to float32, exactly (Java 17 has no Float.float16ToFloat). */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // infinity or NaN
    }
    if (exponent == 0) {
      float subnormal = mantissa * 0x1p-24f;
      return sign == 0 ? subnormal : -subnormal;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** Where a file's bytes are read from: a file on disk, or an array in memory. */
  private interface Source {
    long size() throws IOException;

    /** Fills {@code buffer} from {@code position} on, or fails when the file ends first. */
    void read(ByteBuffer buffer, long position) throws IOException;

    static Source of(FileChannel channel) {
      return new Source() {
        @Override
        public long size() throws IOException {
          return channel.size();
        }

        @Override
        public void read(ByteBuffer buffer, long position) throws IOException {
          while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
              throw new IOException("file ends early");
            }
          }
        }
      };
    }

    static Source of(byte[] bytes) {
      return new Source() {
        @Override
        public long size() {
          return bytes.length;
        }

        @Override
        public void read(ByteBuffer buffer, long position) throws IOException {
          if (position < 0 || position + buffer.remaining() > bytes.length) {
            throw new IOException("file ends early");
          }
          buffer.put(bytes, (int) position, buffer.remaining());
        }
      };
    }
  }

  /** The {@code __metadata__} of a file's header (empty when it has none). */
  public static Map<String, String> metadata(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      Source file = Source.of(channel);
      Map<String, String> out = new LinkedHashMap<>();
      header(file, headerLength(file))
          .path("__metadata__")
          .fields()
          .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
      return out;
    }
  }

  private static long headerLength(Source file) throws IOException {
    ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    file.read(lengthBytes, 0);
    long headerLength = lengthBytes.flip().getLong();
    if (headerLength <= 0 || 8 + headerLength > file.size() || headerLength > 100_000_000) {
      throw new IOException("not a safetensors file (header length " + headerLength + ")");
    }
    return headerLength;
  }

  private static JsonNode header(Source file, long headerLength) throws IOException {
    ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
    file.read(headerBytes, 8);
    JsonNode header;
    try {
      header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      // Jackson's own message spans lines (it quotes where it stopped): one line is enough.
      throw new IOException("its header is not JSON (" + e.getOriginalMessage() + ")");
    }
    if (header == null || !header.isObject()) {
      throw new IOException("its header is not a JSON object of tensors");
    }
    return header;
  }

  /** Byte ranges of a file's tensors: two tensors never share bytes in a well-formed file. */
  private static final class ByteRanges {
    private final java.util.TreeMap<Long, Long> taken = new java.util.TreeMap<>();

    /** Adds [begin, end); false when it overlaps one already added. */
    boolean add(long[] range) {
      long begin = range[0];
      long end = range[1];
      if (end > begin) {
        var before = taken.floorEntry(begin);
        var after = taken.ceilingEntry(begin);
        if ((before != null && before.getValue() > begin)
            || (after != null && after.getKey() < end)) {
          return false;
        }
        taken.put(begin, end);
      }
      return true;
    }
  }
}
