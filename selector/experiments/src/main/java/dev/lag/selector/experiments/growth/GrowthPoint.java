package dev.lag.selector.experiments.growth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.selector.Pool;
import dev.lag.selector.runners.djl.Growths;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.engine.Engines;
import java.util.Map;

/**
 * One growth point, validated as a whole before any training: a trained source, the stage that
 * follows growth, the grown shape, and the candidates.
 *
 * @param source the trained model to grow
 * @param stage the post-growth run: the source's config with the user's keys on top; its {@code
 *     steps} are the stage's length, which sets the schedule a lag is a prefix of
 * @param target the grown shape
 * @param pool the candidates
 */
public record GrowthPoint(Snapshot source, RunConfig stage, GptConfig target, Pool pool) {
  /**
   * A growth point of {@code source} to {@code depth} layers.
   *
   * @throws InvalidInputException when the stage changes the model's shape (only the depth grows
   *     here), the stage has no step, or a candidate cannot make the step
   */
  public static GrowthPoint of(Snapshot source, RunConfig stage, int depth, Pool pool) {
    GptConfig from = source.config().model();
    if (depth <= from.layers()) {
      throw InvalidInputException.field(
          "--depth", depth, "must be more than the checkpoint's " + from.layers() + " layers");
    }
    Map<String, Object> asked = stage.toFlat();
    Map<String, Object> kept = source.config().toFlat();
    for (String key : stage.modelKeys()) {
      boolean grown = key.equals("layers") && asked.get(key).equals(depth);
      if (!grown && !asked.get(key).equals(kept.get(key))) {
        throw InvalidInputException.field(
            key,
            asked.get(key),
            "a growth point keeps the checkpoint's model ("
                + key
                + "="
                + kept.get(key)
                + "); the depth comes from --depth, a width from lag grow --width");
      }
    }
    if (stage.train().steps() < 1) {
      throw InvalidInputException.field(
          "steps", stage.train().steps(), "the stage after growth needs at least one step");
    }
    GptConfig target = from.withLayers(depth);
    Growths.check(pool, from, target, stage.train().steps());
    target.requireHeapFor("--depth", depth);
    return new GrowthPoint(source, stage, target, pool);
  }

  /** The grown model's run: the target shape on the stage's schedule, data and seed. */
  public RunConfig grown() {
    return new RunConfig(target, stage.train(), stage.data());
  }

  /** What {@code run.json} records of the growth point: config, source, depth, pool, provenance. */
  public ObjectNode record(String sourceName, ObjectMapper json) {
    ObjectNode run = json.createObjectNode();
    run.set("config", stage.toJson(json));
    run.put("source", sourceName);
    run.put("depth", target.layers());
    run.set("pool", json.valueToTree(pool.candidates()));
    run.set(
        "provenance",
        json.valueToTree(Engines.provenance(stage.train().device(), stage.train().seed())));
    return run;
  }
}
