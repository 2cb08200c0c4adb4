package dev.lag.selector.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.io.RunFiles;
import dev.lag.selector.Pool;
import dev.lag.selector.djl.Growths;
import dev.lag.trainer.checkpoint.Checkpoints;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.engine.Engines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of one growth point: the source checkpoint, the target depth, the pool, the stage.
 */
final class GrowthPointOptions {
  @Mixin ConfigOptions config;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "CKPT",
      description = "The trained checkpoint to grow.")
  Path from;

  @Option(
      names = "--depth",
      required = true,
      paramLabel = "N",
      description = "Target number of layers.")
  int depth;

  @Option(
      names = "--pool",
      paramLabel = "SPEC",
      description = "A candidate's growth spec (repeatable; default: every depth operator).")
  List<String> pool = new ArrayList<>();

  /**
   * The resolved growth point, validated before any training.
   *
   * @param source the checkpoint's contents
   * @param stage the post-growth run: the checkpoint's config, then --config and --set
   * @param target the grown shape
   * @param pool the candidates
   */
  record GrowthPoint(Snapshot source, RunConfig stage, GptConfig target, Pool pool) {
    /** The same growth point with another stage run. */
    GrowthPoint withStage(RunConfig newStage) {
      return new GrowthPoint(source, newStage, target, pool);
    }
  }

  GrowthPoint resolve() {
    Snapshot source = Checkpoints.read(from);
    RunConfig stage = config.resolve(source.config());
    GptConfig target = source.config().model().withLayers(depth);
    Pool candidates = pool.isEmpty() ? Growths.defaultPool() : Pool.ofSpecs(pool);
    Growths.check(candidates, source.config().model(), target);
    return new GrowthPoint(source, stage, target, candidates);
  }

  /** Writes {@code run.json} for a growth-point command. */
  void writeRunRecord(Path out, String kind, GrowthPoint point, ObjectMapper json)
      throws IOException {
    ObjectNode run = json.createObjectNode();
    run.put("schemaVersion", RunFiles.SCHEMA_VERSION);
    run.put("kind", kind);
    run.put("status", "completed");
    run.set("config", point.stage().toJson(json));
    run.put("source", from.toString());
    run.put("depth", depth);
    run.set("pool", json.valueToTree(point.pool().candidates()));
    run.set(
        "provenance",
        json.valueToTree(
            Engines.provenance(point.stage().train().device(), point.stage().train().seed())));
    AtomicFiles.writeString(out.resolve(RunFiles.RUN), json.writeValueAsString(run));
  }
}
