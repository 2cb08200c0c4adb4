package dev.lag.trainer.checkpoint;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.model.ParameterNames;
import dev.lag.trainer.train.TrainingState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Checkpoint directories: everything needed to continue training exactly, or to load the model in
 * PyTorch.
 *
 * <pre>
 *   config.json            the flat run config (model, training and data keys)
 *   model.safetensors      parameters under nanoGPT's names, PyTorch orientation
 *   optimizer.safetensors  AdamW moments: exp_avg.NAME and exp_avg_sq.NAME
 *   state.json             counters (step, dataPosition, tokens, flops, optimizerStep) and the
 *                          SHA-256 of every other file
 * </pre>
 *
 * A directory is written under a temporary name and renamed into place, so a crash leaves either
 * the old checkpoint or the new one, never half of one. Loading verifies every checksum.
 */
public final class Checkpoints {
  /** Layout version written to {@code state.json}. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String[] FILES = {
    "config.json", "model.safetensors", "optimizer.safetensors"
  };

  /** Everything a checkpoint directory holds. */
  private static final List<String> CHECKPOINT_FILES =
      List.of("config.json", "model.safetensors", "optimizer.safetensors", "state.json");

  private Checkpoints() {}

  /** Writes {@code state} with its config to {@code dir}, replacing what was there atomically. */
  public static void save(Path dir, TrainingState state, RunConfig config) throws IOException {
    write(dir, state.toSnapshot(config));
  }

  /** Writes a snapshot to {@code dir}, replacing what was there atomically. */
  public static void write(Path dir, Snapshot snapshot) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp =
        Files.createDirectory(
            parent.resolve("." + dir.getFileName() + ".tmp-" + System.nanoTime()));
    try {
      writeFiles(snapshot, (name, writer) -> AtomicFiles.write(tmp.resolve(name), writer));
      replace(tmp, dir);
    } finally {
      deleteTree(tmp);
    }
  }

  /**
   * The files {@link #write} puts in a checkpoint directory, as bytes in memory in name order: what
   * {@link SnapshotBytes} sends, made without a temporary directory or an fsync.
   */
  static SortedMap<String, byte[]> files(Snapshot snapshot) {
    SortedMap<String, byte[]> files = new TreeMap<>();
    try {
      writeFiles(
          snapshot,
          (name, writer) -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            writer.write(bytes);
            files.put(name, bytes.toByteArray());
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e); // memory does not fail to write
    }
    return files;
  }

  /** Where {@link #writeFiles} puts each file. */
  private interface Sink {
    void put(String name, AtomicFiles.Writer writer) throws IOException;
  }

  /** Writes a checkpoint's files to {@code sink}, state.json last with the others' SHA-256. */
  private static void writeFiles(Snapshot snapshot, Sink sink) throws IOException {
    ObjectNode sums = JSON.createObjectNode();
    Sink summed =
        (name, writer) ->
            sink.put(
                name,
                out -> {
                  DigestOutputStream digest = new DigestOutputStream(out, sha256());
                  writer.write(digest);
                  sums.put(name, HexFormat.of().formatHex(digest.getMessageDigest().digest()));
                });
    RunConfig config = snapshot.config();
    byte[] configJson =
        JSON.writeValueAsString(config.toJson(JSON)).getBytes(StandardCharsets.UTF_8);
    summed.put("config.json", out -> out.write(configJson));
    Map<String, HostTensor> params = new LinkedHashMap<>(snapshot.parameters());
    if (config.model().tiedEmbeddings()) {
      // nanoGPT's state dict has both names for the tied matrix; keep it loadable as is.
      params.put(ParameterNames.LM_HEAD, params.get(ParameterNames.WTE));
    }
    Map<String, String> meta = Map.of("format", "pt", "producer", "lag");
    summed.put("model.safetensors", out -> SafeTensors.write(out, params, meta));
    Map<String, HostTensor> moments = new LinkedHashMap<>();
    snapshot.firstMoments().forEach((n, t) -> moments.put("exp_avg." + n, t));
    snapshot.secondMoments().forEach((n, t) -> moments.put("exp_avg_sq." + n, t));
    summed.put("optimizer.safetensors", out -> SafeTensors.write(out, moments, Map.of()));

    Snapshot.Counters c = snapshot.counters();
    ObjectNode state = JSON.createObjectNode();
    state.put("format", FORMAT);
    state.put("step", c.step());
    state.put("dataPosition", c.dataPosition());
    state.put("tokens", c.tokens());
    state.put("flops", c.flops());
    state.put("wallSeconds", c.wallSeconds());
    state.put("optimizerStep", c.optimizerStep());
    state.set("sha256", sums);
    byte[] stateJson = JSON.writeValueAsString(state).getBytes(StandardCharsets.UTF_8);
    sink.put("state.json", out -> out.write(stateJson));
  }

  /**
   * Loads a checkpoint into a new training state under {@code parent}. The state's optimiser uses
   * the training settings of {@code config} (normally {@link #readConfig}); the model keys of
   * {@code config} must match the stored tensors.
   */
  public static TrainingState load(Path dir, RunConfig config, NDManager parent) {
    Snapshot stored = read(dir);
    Snapshot snapshot =
        new Snapshot(
            config,
            stored.parameters(),
            stored.firstMoments(),
            stored.secondMoments(),
            stored.counters());
    checkShapes(dir.toString(), snapshot.parameters(), ParameterNames.shapes(config.model()));
    return TrainingState.fromSnapshot(snapshot, parent);
  }

  /** Reads and verifies a checkpoint into host memory (no engine needed). */
  public static Snapshot read(Path dir) {
    return read(Stored.in(dir));
  }

  /** {@link #read(Path)} over the files {@link #files} made; {@code where} names them in errors. */
  static Snapshot read(String where, Map<String, byte[]> files) {
    return read(Stored.in(where, files));
  }

  private static Snapshot read(Stored files) {
    JsonNode state = verify(files);
    RunConfig config = readConfig(files);
    Map<String, HostTensor> params = readTensors(files, "model.safetensors");
    if (config.model().tiedEmbeddings()) {
      params.remove(ParameterNames.LM_HEAD);
    }
    Map<String, HostTensor> first = new LinkedHashMap<>();
    Map<String, HostTensor> second = new LinkedHashMap<>();
    readTensors(files, "optimizer.safetensors")
        .forEach(
            (name, t) -> {
              if (name.startsWith("exp_avg_sq.")) {
                second.put(name.substring("exp_avg_sq.".length()), t);
              } else if (name.startsWith("exp_avg.")) {
                first.put(name.substring("exp_avg.".length()), t);
              }
            });
    Map<String, long[]> shapes = ParameterNames.shapes(config.model());
    String where = files.where();
    checkShapes(where, params, shapes);
    checkShapes(where, first, shapes);
    checkShapes(where, second, shapes);
    return new Snapshot(
        config,
        params,
        first,
        second,
        new Snapshot.Counters(
            (int) counter(where, state, "step", config.train().steps()),
            counter(where, state, "dataPosition", Long.MAX_VALUE),
            counter(where, state, "tokens", Long.MAX_VALUE),
            state.path("flops").asDouble(),
            state.path("wallSeconds").asDouble(),
            counter(where, state, "optimizerStep", Long.MAX_VALUE)));
  }

  /** A counter of {@code state.json}: a whole number in [0, max], or the checkpoint is refused. */
  private static long counter(String where, JsonNode state, String field, long max) {
    JsonNode v = state.path(field);
    if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > max) {
      throw unreadable(
          where,
          "state.json "
              + field
              + "="
              + v
              + " must be a whole number in [0, "
              + (max == Long.MAX_VALUE ? "..." : max + "] (its config's steps)")
              + (max == Long.MAX_VALUE ? "]" : ""));
    }
    return v.asLong();
  }

  /** The run config stored in a checkpoint. */
  public static RunConfig readConfig(Path dir) {
    return readConfig(Stored.in(dir));
  }

  private static RunConfig readConfig(Stored files) {
    try (InputStream in = files.open("config.json")) {
      return RunConfig.fromJson(JSON.readTree(in));
    } catch (IOException e) {
      throw unreadable(files.where(), "config.json is not valid JSON");
    }
  }

  private static void checkShapes(
      String where, Map<String, HostTensor> tensors, Map<String, long[]> expected) {
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      HostTensor t = tensors.get(e.getKey());
      if (t == null) {
        throw unreadable(where, "tensor " + e.getKey() + " is missing");
      }
      if (!Arrays.equals(t.shape(), e.getValue())) {
        throw unreadable(
            where,
            "tensor "
                + e.getKey()
                + " has shape "
                + Arrays.toString(t.shape())
                + " but config.json needs "
                + Arrays.toString(e.getValue()));
      }
    }
  }

  private static JsonNode verify(Stored files) {
    String where = files.where();
    JsonNode state;
    try (InputStream in = files.open("state.json")) {
      state = JSON.readTree(in);
    } catch (IOException e) {
      throw unreadable(where, "state.json is not valid JSON");
    }
    if (state.path("format").asInt() != FORMAT) {
      throw unreadable(
          where, "unknown format " + state.path("format") + " (this lag reads " + FORMAT + ")");
    }
    for (String f : FILES) {
      String expected = state.path("sha256").path(f).asText();
      String actual;
      try (InputStream in = new DigestInputStream(files.open(f), sha256())) {
        in.transferTo(OutputStream.nullOutputStream());
        actual = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
      } catch (IOException e) {
        throw unreadable(where, f + " cannot be read");
      }
      if (!actual.equals(expected)) {
        throw unreadable(where, f + " fails its SHA-256 check (corrupt or modified)");
      }
    }
    return state;
  }

  private static Map<String, HostTensor> readTensors(Stored files, String file) {
    try {
      return files.tensors(file);
    } catch (IOException e) {
      throw unreadable(files.where(), file + ": " + e.getMessage());
    }
  }

  private static InvalidInputException unreadable(String where, String why) {
    return new InvalidInputException("checkpoint " + where + ": " + why);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A checkpoint's files where they are read from: a directory, or bytes in memory. */
  private interface Stored {
    /** The checkpoint's name in errors. */
    String where();

    InputStream open(String file) throws IOException;

    Map<String, HostTensor> tensors(String file) throws IOException;

    /** A checkpoint directory, refused at once when it is none. */
    static Stored in(Path dir) {
      if (!Files.isDirectory(dir)) {
        throw InvalidInputException.field("checkpoint", dir, "no such directory");
      }
      for (String f : new String[] {"state.json", "config.json"}) {
        if (!Files.isRegularFile(dir.resolve(f))) {
          throw unreadable(dir.toString(), f + " is missing");
        }
      }
      return new Stored() {
        @Override
        public String where() {
          return dir.toString();
        }

        @Override
        public InputStream open(String file) throws IOException {
          return Files.newInputStream(dir.resolve(file));
        }

        @Override
        public Map<String, HostTensor> tensors(String file) throws IOException {
          return SafeTensors.read(dir.resolve(file));
        }
      };
    }

    /** Files in memory, by name. */
    static Stored in(String where, Map<String, byte[]> files) {
      for (String f : new String[] {"state.json", "config.json"}) {
        if (!files.containsKey(f)) {
          throw unreadable(where, f + " is missing");
        }
      }
      return new Stored() {
        @Override
        public String where() {
          return where;
        }

        @Override
        public InputStream open(String file) throws IOException {
          return new ByteArrayInputStream(bytes(file));
        }

        @Override
        public Map<String, HostTensor> tensors(String file) throws IOException {
          return SafeTensors.read(bytes(file));
        }

        private byte[] bytes(String file) throws IOException {
          byte[] b = files.get(file);
          if (b == null) {
            throw new IOException(file + " is missing");
          }
          return b;
        }
      };
    }
  }

  /**
   * Checks that a checkpoint may be written to {@code dir}: it is absent, an empty directory, or
   * (with {@code replace}) a lag checkpoint. Nothing else is ever deleted to make room.
   *
   * @param option how the user named the directory, for the message ({@code --out})
   * @throws InvalidInputException naming the option and the directory otherwise
   */
  public static void checkWritable(Path dir, boolean replace, String option) {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw InvalidInputException.field(option, dir, "is a file; give a directory");
    }
    List<String> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
    } catch (IOException e) {
      throw InvalidInputException.field(option, dir, "cannot be read (" + e.getMessage() + ")");
    }
    if (entries.isEmpty()) {
      return;
    }
    boolean checkpoint = entries.contains("state.json") && CHECKPOINT_FILES.containsAll(entries);
    if (!checkpoint) {
      throw InvalidInputException.field(
          option, dir, "is not empty and holds no lag checkpoint; nothing there is replaced");
    }
    if (!replace) {
      throw InvalidInputException.field(
          option, dir, "holds a checkpoint; choose another directory, or --force to replace it");
    }
  }

  private static void replace(Path fresh, Path dir) throws IOException {
    if (!Files.exists(dir)) {
      AtomicFiles.move(fresh, dir);
      return;
    }
    checkWritable(dir, true, "checkpoint directory");
    Path old = dir.resolveSibling("." + dir.getFileName() + ".old-" + System.nanoTime());
    AtomicFiles.move(dir, old);
    AtomicFiles.move(fresh, dir);
    deleteTree(old);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
