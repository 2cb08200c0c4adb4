package dev.lag.selector.runners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.selector.Candidate;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.checkpoint.SnapshotBytes;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.model.HostTensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tasks as bytes, for where they leave the JVM (another machine), and their cache keys. A candidate
 * and a run config travel as the JSON lag writes them; a snapshot as {@link SnapshotBytes}, whose
 * tensor checksums are verified on arrival.
 */
final class TaskBytes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FORMAT = 2;

  private TaskBytes() {}

  /** The task as bytes. */
  static byte[] encode(CandidateTask task) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeUTF(task.kind().name());
      out.writeUTF(task.name());
      writeString(out, task.candidate() == null ? "" : candidateJson(task.candidate()));
      writeString(out, runJson(task.run()));
      byte[] start = task.start() == null ? new byte[0] : SnapshotBytes.encode(task.start());
      out.writeInt(start.length);
      out.write(start);
      out.writeLong(task.until());
      out.writeInt(task.cooldowns().size());
      for (int c : task.cooldowns()) {
        out.writeInt(c);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The task {@link #encode} wrote. */
  static CandidateTask decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (in.readInt() != FORMAT) {
        throw new IOException("not a lag task of format " + FORMAT);
      }
      CandidateTask.Kind kind = CandidateTask.Kind.valueOf(in.readUTF());
      String name = in.readUTF();
      String candidate = readString(in);
      RunConfig run = RunConfig.fromJson(JSON.readTree(readString(in)));
      byte[] start = in.readNBytes(in.readInt());
      return new CandidateTask(
          kind,
          name,
          candidate.isEmpty() ? null : candidate(JSON.readTree(candidate)),
          run,
          start.length == 0 ? null : SnapshotBytes.decode(start),
          in.readLong(),
          readInts(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * SHA-256 over the task's kind, name, candidate, run config, step, and the digest of its start
   * state (config, counters and every tensor, in name order): equal keys, equal results.
   *
   * @param startDigests the digests of starts already hashed, by identity; filled as it goes
   */
  static String key(CandidateTask task, Map<Snapshot, byte[]> startDigests) {
    MessageDigest d = sha256();
    update(d, task.kind().name());
    update(d, task.name());
    update(d, task.candidate() == null ? "" : candidateJson(task.candidate()));
    update(d, runJson(task.run()));
    update(d, Long.toString(task.until()));
    if (!task.cooldowns().isEmpty()) {
      update(d, "cooldowns " + task.cooldowns()); // absent when none: plain tasks keep their keys
    }
    if (task.start() != null) {
      d.update(startDigests.computeIfAbsent(task.start(), TaskBytes::digest));
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** SHA-256 over a state's config, counters and every tensor, in name order. */
  private static byte[] digest(Snapshot s) {
    MessageDigest d = sha256();
    update(d, runJson(s.config()));
    update(d, s.counters().withoutWallTime().toString());
    update(d, s.parameters());
    update(d, s.firstMoments());
    update(d, s.secondMoments());
    return d.digest();
  }

  private static List<Integer> readInts(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1000) {
      throw new IOException("bad probe count " + n);
    }
    List<Integer> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(in.readInt());
    }
    return out;
  }

  /** A candidate as JSON: {@code name, growth, lr, warmup}. */
  static String candidateJson(Candidate c) {
    var node = JSON.createObjectNode();
    node.put("name", c.name());
    node.put("growth", c.growth());
    if (c.lr() != null) {
      node.put("lr", c.lr());
    }
    if (c.warmup() != null) {
      node.put("warmup", c.warmup());
    }
    return node.toString();
  }

  private static Candidate candidate(JsonNode node) {
    return new Candidate(
        node.path("name").asText(),
        node.path("growth").asText(),
        node.hasNonNull("lr") ? node.get("lr").asDouble() : null,
        node.hasNonNull("warmup") ? node.get("warmup").asInt() : null);
  }

  private static String runJson(RunConfig run) {
    return run.toJson(JSON).toString();
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A string with its length first, so that no two sequences of parts digest alike. */
  private static void update(MessageDigest d, String part) {
    byte[] b = part.getBytes(StandardCharsets.UTF_8);
    d.update(ByteBuffer.allocate(4).putInt(b.length).array());
    d.update(b);
  }

  private static void update(MessageDigest d, Map<String, HostTensor> tensors) {
    for (Map.Entry<String, HostTensor> e : new TreeMap<>(tensors).entrySet()) {
      update(d, e.getKey() + java.util.Arrays.toString(e.getValue().shape()));
      float[] data = e.getValue().data();
      ByteBuffer b = ByteBuffer.allocate(4 * data.length);
      b.asFloatBuffer().put(data);
      d.update(b.array());
    }
  }
}
