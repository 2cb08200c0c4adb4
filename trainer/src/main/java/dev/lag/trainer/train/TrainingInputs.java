package dev.lag.trainer.train;

import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.Batch;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.data.EvalWindows;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.model.Seeds;
import dev.lag.trainer.primitives.PrimitiveSuite;
import java.util.List;

/**
 * The data side of a run: training batches in a fixed order, the held-out windows, and the
 * reasoning-primitive prompts when the run measures them. They depend only on the corpus and the
 * run's root seed, so every candidate of a stage trains and is measured on the same ones; a seed
 * replica trains on another order of batches and is measured on the same held-out ones.
 *
 * @param sampler training batches
 * @param validation held-out windows
 * @param primitives reasoning-primitive prompts, or null when the run does not measure them
 */
public record TrainingInputs(
    BatchSampler sampler, List<Batch> validation, PrimitiveSuite primitives) {

  /** The inputs of {@code run} over {@code data}. */
  public static TrainingInputs of(TextData data, RunConfig run) {
    int seqLen = run.model().seqLen();
    int prompts = run.train().evalPrimitives();
    return new TrainingInputs(
        new BatchSampler(
            data.split().train(), seqLen, run.train().batch(), run.train().orderSeed()),
        EvalWindows.spread(
            data.split().validation(), seqLen, run.train().batch(), run.train().evalBatches()),
        prompts == 0
            ? null
            : PrimitiveSuite.generate(
                data.tokenizer(), prompts, Seeds.derive(run.train().seed(), "primitives")));
  }
}
