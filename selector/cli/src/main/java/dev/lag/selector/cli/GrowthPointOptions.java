package dev.lag.selector.cli;

import dev.lag.selector.Pool;
import dev.lag.selector.experiments.growth.GrowthPoint;
import dev.lag.selector.runners.djl.Growths;
import dev.lag.trainer.checkpoint.Checkpoints;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
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

  /** The growth point, validated before any training. */
  GrowthPoint resolve() {
    Snapshot source = Checkpoints.read(from);
    RunConfig stage = config.resolve(source.config());
    Pool candidates = pool.isEmpty() ? Growths.defaultPool() : Pool.ofSpecs(pool);
    return GrowthPoint.of(source, stage, depth, candidates);
  }
}
