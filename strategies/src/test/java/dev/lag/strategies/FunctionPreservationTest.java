package dev.lag.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.data.ByteTokenizer;
import dev.lag.trainer.data.SyntheticCorpus;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.train.StepRecord;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("djl")
class FunctionPreservationTest {
  static final int[] TOKENS = new ByteTokenizer().encode(SyntheticCorpus.generate(30_000));
  static final RunConfig CONFIG =
      RunConfig.DEFAULT.withAssignments(
          List.of(
              "layers=2 dModel=32 heads=4 seqLen=16 batch=4 steps=40 warmup=0 lr=3e-3 evalInterval=0"
                  .split(" ")));

  /** A briefly trained source, so that layers differ and moments are non-zero. */
  static Snapshot trainedSource(RunConfig config) {
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fresh(config.model(), config.train(), root)) {
      new TrainingLoop(config.train().withSteps(10), new BatchSampler(TOKENS, 16, 4, 1), List.of())
          .run(state, r -> {});
      return state.toSnapshot(config);
    }
  }

  static double loss(Snapshot snapshot, int[] layerPath) {
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fromSnapshot(snapshot, root);
        NDManager step = root.newSubManager()) {
      var batch = new BatchSampler(TOKENS, 16, 4, 99).batch(0);
      NDArray x = step.create(batch.inputs(), new Shape(4, 16));
      NDArray y = step.create(batch.targets(), new Shape(4, 16));
      return state.model().loss(x, y, layerPath).getFloat();
    }
  }

  @Test
  void zeroNewCopyZeroAndWidenKeepTheLoss() {
    for (boolean tied : new boolean[] {true, false}) {
      RunConfig config = CONFIG.with("tiedEmbeddings", tied);
      Snapshot source = trainedSource(config);
      double before = loss(source, null);
      Snapshot deeper =
          GrowthOperators.resolve("zero-new").apply(source, config.model().withLayers(4));
      assertEquals(before, loss(deeper, null), 1e-5, "zero-new, tied=" + tied);
      for (int depth : new int[] {3, 4, 5}) {
        Snapshot copyZero =
            GrowthOperators.resolve("copy-zero").apply(source, config.model().withLayers(depth));
        assertEquals(
            before, loss(copyZero, null), 1e-5, "copy-zero to " + depth + ", tied=" + tied);
      }
      for (int f : new int[] {2, 3}) {
        Snapshot wider =
            GrowthOperators.resolve("widen").apply(source, config.model().withDModel(32 * f));
        assertEquals(before, loss(wider, null), 1e-5, "widen x" + f + ", tied=" + tied);
      }
    }
  }

  @Test
  void stackAllIsExactlyTheSmallModelRunInThatOrder() {
    Snapshot source = trainedSource(CONFIG);
    Snapshot grown =
        GrowthOperators.resolve("stack-all").apply(source, CONFIG.model().withLayers(4));
    assertEquals(loss(source, new int[] {0, 1, 0, 1}), loss(grown, null), 0.0, "bit-identical");
  }

  @Test
  void trainingContinuesAfterGrowthAndEveryLayerLearns() {
    Snapshot source = trainedSource(CONFIG);
    for (String spec : List.of("midas(optimizer=copy)", "zero-new", "widen(noise=0.01)")) {
      GptConfig target =
          spec.startsWith("widen") ? CONFIG.model().withDModel(64) : CONFIG.model().withLayers(4);
      Snapshot grown = GrowthOperators.resolve(spec).apply(source, target);
      Map<String, HostTensor> before = grown.parameters();
      List<StepRecord> records = new ArrayList<>();
      Map<String, HostTensor> after;
      try (NDManager root = Engines.newManager(Engines.device("cpu"));
          TrainingState state = TrainingState.fromSnapshot(grown, root)) {
        new TrainingLoop(
                grown.config().train().withSteps(30), new BatchSampler(TOKENS, 16, 4, 2), List.of())
            .run(state, records::add);
        after = state.model().toTensors();
      }
      double early =
          records.subList(0, 5).stream().mapToDouble(StepRecord::trainLoss).average().orElseThrow();
      double late =
          records.subList(25, 30).stream()
              .mapToDouble(StepRecord::trainLoss)
              .average()
              .orElseThrow();
      assertTrue(late < early, spec + ": loss falls after growth, " + early + " -> " + late);
      for (String name : before.keySet()) {
        assertTrue(
            !before.get(name).equals(after.get(name)),
            spec + ": " + name + " was updated (gradients reach it)");
      }
    }
  }
}
