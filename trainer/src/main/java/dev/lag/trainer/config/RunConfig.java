package dev.lag.trainer.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.JsonFiles;
import dev.lag.trainer.primitives.PrimitiveSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run is configured by: the model, the training and the data. Users see it as
 * one flat set of keys (nanoGPT style): a JSON config file is one object of those keys, and {@code
 * --set key=value} overrides any of them. The keys are the component names of the three records.
 */
public record RunConfig(GptConfig model, TrainConfig train, DataConfig data) {

  /**
   * Checks what involves more than one record: RaPTr's path lengths and the grown layers against
   * the depth, and a step's tokens against the largest Java array.
   */
  public RunConfig {
    // A step's token ids are one Java array on the host, as every tensor is (GptConfig).
    GptConfig.fits(
        "batch",
        train.batch(),
        train.tokensPerStep(model.seqLen()),
        "a step's token ids (batch x seqLen)");
    RaptrSchedule.parse(train.raptr(), model.layers(), train.steps());
    GrownLayers.check(train.grownLayers(), model.layers());
    if (train.freeze() > 0 && !train.raptr().isBlank()) {
      // A random path skips layers the freeze trains; neither paper defines the mix.
      throw InvalidInputException.field(
          "freeze", train.freeze(), "cannot be combined with raptr=" + train.raptr());
    }
  }

  /**
   * This run, measuring the reasoning primitives at every evaluation: with the configured number of
   * prompts per task, or the default when none is set.
   */
  public RunConfig measuringPrimitives() {
    return train.evalPrimitives() > 0
        ? this
        : with("evalPrimitives", PrimitiveSuite.DEFAULT_PROMPTS);
  }

  /** The default run: the default model, trained for about a minute on the embedded corpus. */
  public static final RunConfig DEFAULT =
      new RunConfig(GptConfig.DEFAULT, TrainConfig.DEFAULT, DataConfig.DEFAULT);

  /** Every key a config file or {@code --set} accepts, in documentation order. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>(FlatRecord.values(model).keySet());
    keys.addAll(FlatRecord.values(train).keySet());
    keys.addAll(FlatRecord.values(data).keySet());
    return keys;
  }

  /**
   * The keys of the model's shape ({@code dModel}, {@code layers}, ...), in documentation order.
   */
  public List<String> modelKeys() {
    return new ArrayList<>(FlatRecord.values(model).keySet());
  }

  /** The flat view: every key with its value. */
  public Map<String, Object> toFlat() {
    Map<String, Object> flat = new LinkedHashMap<>(FlatRecord.values(model));
    flat.putAll(FlatRecord.values(train));
    flat.putAll(FlatRecord.values(data));
    return flat;
  }

  /**
   * A copy with the given keys overridden. Unknown keys are an error that lists the known ones; bad
   * values are an error that names the key and the value.
   */
  public RunConfig with(Map<String, String> overrides) {
    List<String> known = keys();
    for (String key : overrides.keySet()) {
      if (!known.contains(key)) {
        throw new InvalidInputException(
            "unknown config key '" + key + "'; known keys: " + String.join(", ", known));
      }
    }
    return new RunConfig(
        FlatRecord.with(model, only(overrides, FlatRecord.values(model).keySet())),
        FlatRecord.with(train, only(overrides, FlatRecord.values(train).keySet())),
        FlatRecord.with(data, only(overrides, FlatRecord.values(data).keySet())));
  }

  /** A copy that runs on another device: typed, for the paths that set it on every window. */
  public RunConfig withDevice(String device) {
    return new RunConfig(model, train.withDevice(device), data);
  }

  /** A copy for another seed replica: typed, for the paths that set it on every window. */
  public RunConfig withReplica(int replica) {
    return new RunConfig(model, train.withReplica(replica), data);
  }

  /** A copy with one key overridden. */
  public RunConfig with(String key, Object value) {
    return with(Map.of(key, String.valueOf(value)));
  }

  /** Parses {@code key=value} pairs as given on the command line. */
  public RunConfig withAssignments(List<String> assignments) {
    return with(assignments(assignments));
  }

  /**
   * {@code key=value} pairs as given on the command line, in order (a key given twice keeps its
   * last value).
   */
  public static Map<String, String> assignments(List<String> assignments) {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new InvalidInputException(
            "--set " + assignment + ": expected key=value, for example --set layers=2");
      }
      overrides.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
    }
    return overrides;
  }

  /** Reads a flat JSON config file on top of this config (strictly: see {@link JsonFiles}). */
  public RunConfig withFile(Path file, ObjectMapper json) {
    JsonNode root = JsonFiles.readObject(file, "config file");
    Map<String, String> overrides = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getValue().isContainerNode()) {
        throw InvalidInputException.field(
            field.getKey(), field.getValue(), "expected a single value in " + file);
      }
      overrides.put(field.getKey(), field.getValue().asText());
    }
    return with(overrides);
  }

  /** The flat view as a JSON object, as written into run records and checkpoints. */
  public ObjectNode toJson(ObjectMapper json) {
    return json.valueToTree(toFlat());
  }

  /** Reads the flat JSON object written by {@link #toJson}. */
  public static RunConfig fromJson(JsonNode node) {
    Map<String, String> values = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    return DEFAULT.with(values);
  }

  private static Map<String, String> only(Map<String, String> all, java.util.Set<String> keys) {
    Map<String, String> some = new LinkedHashMap<>(all);
    some.keySet().retainAll(keys);
    return some;
  }
}
