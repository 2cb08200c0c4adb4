package dev.lag.strategies.layout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.io.JsonFiles;
import dev.lag.trainer.checkpoint.SafeTensors;
import dev.lag.trainer.model.HostTensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A checkpoint lag did not write: one safetensors file of weights and, for Hugging Face models, the
 * {@code config.json} beside it.
 *
 * @param weights the safetensors file
 * @param tensors its tensors, as float32, in file order
 * @param config the {@code config.json} beside it, or null
 */
public record LayoutCheckpoint(Path weights, Map<String, HostTensor> tensors, ObjectNode config) {
  /** The file name lag writes the grown weights under. */
  public static final String WEIGHTS = "model.safetensors";

  /** Whether {@code from} is such a checkpoint: a .safetensors file, or a folder of one. */
  public static boolean isOne(Path from) {
    if (Files.isRegularFile(from)) {
      return from.getFileName().toString().endsWith(".safetensors");
    }
    return Files.isRegularFile(from.resolve(WEIGHTS)) && !Files.exists(from.resolve("state.json"));
  }

  /**
   * Reads a file, or a folder's {@code model.safetensors}, and the {@code config.json} beside it.
   *
   * @throws InvalidInputException naming {@code --from} and what is wrong with the file
   */
  public static LayoutCheckpoint read(Path from) {
    Path file = Files.isRegularFile(from) ? from : from.resolve(WEIGHTS);
    Path folder = file.toAbsolutePath().getParent();
    Path index = folder.resolve(WEIGHTS + ".index.json");
    if (Files.exists(index)) {
      // The index maps tensors to several files: one of them alone is part of a model.
      throw InvalidInputException.field(
          "--from",
          from,
          "a sharded checkpoint ("
              + index.getFileName()
              + "): lag grows one file; merge the"
              + " shards into one "
              + WEIGHTS
              + " first");
    }
    try (Stream<Path> list = Files.list(folder)) {
      List<String> shards =
          list.map(p -> p.getFileName().toString())
              .filter(n -> n.matches(".*-\\d+-of-\\d+\\.safetensors"))
              .toList();
      if (!shards.isEmpty()) {
        throw InvalidInputException.field(
            "--from", from, "a sharded checkpoint (" + shards.get(0) + "): give one file");
      }
    } catch (IOException e) {
      throw InvalidInputException.field("--from", from, "cannot be read (" + e.getMessage() + ")");
    }
    Map<String, HostTensor> tensors;
    try {
      tensors = SafeTensors.read(file);
    } catch (IOException | RuntimeException e) {
      throw InvalidInputException.field(
          "--from", file, "not a readable safetensors file (" + e.getMessage() + ")");
    }
    Path config = folder.resolve("config.json");
    return new LayoutCheckpoint(
        file,
        tensors,
        Files.isRegularFile(config) ? JsonFiles.readObject(config, "config.json") : null);
  }

  /**
   * Fails unless {@code config.json} agrees with the tensors it describes: its depth with the
   * blocks counted, its width with the blocks' norm gains. A config that disagrees would be copied
   * into the grown folder and mislead whatever loads it.
   */
  public void checkConfig(Layout layout, int blocks) {
    if (config == null) {
      return;
    }
    com.fasterxml.jackson.databind.JsonNode depth = config.get(layout.depthKey());
    if (depth != null && (!depth.isIntegralNumber() || depth.asLong() != blocks)) {
      throw InvalidInputException.field(
          "config.json " + layout.depthKey(), depth, "the weights hold " + blocks + " blocks");
    }
    long width = -1;
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      if (layout.layerOf(e.getKey()) == 0 && layout.isGain(layout.suffixOf(e.getKey()))) {
        width = e.getValue().shape()[e.getValue().shape().length - 1];
        break;
      }
    }
    for (String key : List.of("n_embd", "hidden_size", "dModel")) {
      com.fasterxml.jackson.databind.JsonNode w = config.get(key);
      if (w != null && width > 0 && (!w.isIntegralNumber() || w.asLong() != width)) {
        throw InvalidInputException.field(
            "config.json " + key, w, "the weights are " + width + " wide");
      }
    }
  }

  /**
   * Writes {@code model.safetensors} (float32) and, when the source had one, its {@code
   * config.json} with the depth updated, each atomically, into {@code out}.
   */
  public static void write(
      Path out, Map<String, HostTensor> tensors, ObjectNode config, Layout layout, int layers)
      throws IOException {
    Files.createDirectories(out);
    Path weights = out.resolve(WEIGHTS);
    Path temp = out.resolve("." + WEIGHTS + ".tmp");
    try (OutputStream stream = Files.newOutputStream(temp)) {
      SafeTensors.write(stream, tensors, Map.of("format", "pt", "grownBy", "lag"));
    }
    AtomicFiles.move(temp, weights);
    if (config != null) {
      ObjectNode grown = config.deepCopy();
      grown.put(layout.depthKey(), layers);
      if (grown.has("layers")) {
        grown.put("layers", layers); // lag's own flat config, for a nanoGPT folder lag wrote
      }
      AtomicFiles.writeString(
          out.resolve("config.json"),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(grown));
    }
  }

  /**
   * Fails unless {@code out} is new or empty, or (with {@code force}) holds only what this command
   * writes: nothing else of the user's is ever replaced.
   */
  public static void checkWritable(Path out, boolean force) {
    if (!Files.exists(out)) {
      return;
    }
    if (!Files.isDirectory(out)) {
      throw InvalidInputException.field("--out", out, "is a file; give a directory");
    }
    List<String> entries;
    try (Stream<Path> list = Files.list(out)) {
      entries = list.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
    } catch (IOException e) {
      throw InvalidInputException.field("--out", out, "cannot be read (" + e.getMessage() + ")");
    }
    if (entries.isEmpty()) {
      return;
    }
    if (!List.of(WEIGHTS, "config.json").containsAll(entries)) {
      throw InvalidInputException.field(
          "--out", out, "is not empty and holds other files; nothing there is replaced");
    }
    if (!force) {
      throw InvalidInputException.field(
          "--out", out, "holds a grown checkpoint; choose another directory, or --force");
    }
    // --force replaces only what lag grew: its weights say so in their metadata.
    if (entries.contains(WEIGHTS) && !grownByLag(out.resolve(WEIGHTS))) {
      throw InvalidInputException.field(
          "--out", out, "holds weights lag did not write; --force never replaces them");
    }
  }

  private static boolean grownByLag(Path weights) {
    try {
      return "lag".equals(SafeTensors.metadata(weights).get("grownBy"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
