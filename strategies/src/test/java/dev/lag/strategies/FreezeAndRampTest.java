package dev.lag.strategies;

import static dev.lag.strategies.FunctionPreservationTest.CONFIG;
import static dev.lag.strategies.FunctionPreservationTest.TOKENS;
import static dev.lag.strategies.FunctionPreservationTest.loss;
import static dev.lag.strategies.FunctionPreservationTest.trainedSource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.model.ParameterNames;
import dev.lag.trainer.train.FlopCounter;
import dev.lag.trainer.train.StepRecord;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** MSLT's freeze and MSG's mask ramp, as modifiers of a depth growth, in lag's training loop. */
@Tag("djl")
class FreezeAndRampTest {
  static final RunConfig CONSTANT = CONFIG.with("schedule", "constant").with("weightDecay", 0);

  /** Grows the trained 2-layer source to 4 layers with {@code spec}. */
  static Snapshot grow(String spec, RunConfig config) {
    return GrowthOperators.resolve(spec).apply(trainedSource(config), config.model().withLayers(4));
  }

  /**
   * Trains {@code start} to step {@code until} of its stage's schedule; returns the state and adds
   * every record to {@code records}.
   */
  static Snapshot train(Snapshot start, int until, List<StepRecord> records) {
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fromSnapshot(start, root)) {
      new TrainingLoop(start.config().train(), new BatchSampler(TOKENS, 16, 4, 2), List.of())
          .run(state, records::add, r -> r.step() >= until);
      return state.toSnapshot(start.config());
    }
  }

  @Test
  void grownLayersAreTheNewAndTheRepeatedOnes() {
    assertArrayEquals(new int[] {2, 3}, LayerMapOperator.grownLayers(new int[] {0, 1, 0, 1}));
    assertArrayEquals(new int[] {1, 3}, LayerMapOperator.grownLayers(new int[] {0, 0, 1, 1}));
    assertArrayEquals(new int[] {1, 3}, LayerMapOperator.grownLayers(new int[] {0, -1, 1, -1}));
    Snapshot grown = grow("interleave(freeze=3, ramp=4)", CONFIG);
    assertEquals("1,3", grown.config().train().grownLayers());
    assertEquals(3, grown.config().train().freeze());
    assertEquals(4, grown.config().train().ramp());
    // A later growth without them does not inherit the earlier one's freeze and ramp.
    Snapshot again =
        GrowthOperators.resolve("stack-top").apply(grown, CONFIG.model().withLayers(8));
    assertEquals("4,5,6,7", again.config().train().grownLayers());
    assertEquals(0, again.config().train().freeze());
    assertEquals(0, again.config().train().ramp());
  }

  @Test
  void aRampStartsWithTheSourcesFunctionAndReachesOneAtItsLastStep() {
    Snapshot source = trainedSource(CONFIG);
    double before = loss(source, null);
    for (String spec : List.of("stack-top(ramp=5)", "random-new(ramp=5)", "midas(ramp=5)")) {
      Snapshot grown = GrowthOperators.resolve(spec).apply(source, CONFIG.model().withLayers(4));
      assertEquals(before, loss(grown, null), 1e-5, spec + " at growth");
      int[] layers = dev.lag.trainer.config.GrownLayers.parse(grown.config().train().grownLayers());
      int last = layers[layers.length - 1];
      List<Float> masks = new ArrayList<>();
      try (NDManager root = Engines.newManager(Engines.device("cpu"));
          TrainingState state = TrainingState.fromSnapshot(grown, root)) {
        new TrainingLoop(
                grown.config().train().withSteps(7), new BatchSampler(TOKENS, 16, 4, 2), List.of())
            .run(state, r -> masks.add(state.model().blend(last)));
        assertEquals(1f, state.model().blend(0), "an old layer is never blended");
      }
      assertEquals(List.of(0.2f, 0.4f, 0.6f, 0.8f, 1f, 1f, 1f), masks, spec);
    }
  }

  @Test
  void aFreezeLeavesFrozenTensorsAndTheirMomentsUntouched() {
    Snapshot grown = grow("stack-top(freeze=5, optimizer=copy)", CONFIG);
    List<StepRecord> records = new ArrayList<>();
    Snapshot frozen = train(grown, 5, records);
    for (String name : grown.parameters().keySet()) {
      int layer = ParameterNames.layerIndex(name);
      boolean trains = layer >= 2 || name.contains("ln_f");
      HostTensor was = grown.parameters().get(name);
      if (trains) {
        assertNotEquals(was, frozen.parameters().get(name), name + " trains in the freeze");
      } else {
        assertEquals(was, frozen.parameters().get(name), name + " is frozen, bit for bit");
        assertEquals(grown.firstMoments().get(name), frozen.firstMoments().get(name), name);
        assertEquals(grown.secondMoments().get(name), frozen.secondMoments().get(name), name);
      }
    }
    // The backward pass stops at layer 2 and the tied head (the embedding) is frozen.
    GptConfig model = grown.config().model();
    double frozenStep = FlopCounter.perStepFrozen(model, 4, 2, 2, false);
    assertTrue(frozenStep < FlopCounter.perStep(model, 4));
    assertEquals(frozenStep, records.get(0).flops() - grown.counters().flops(), 1);
    Snapshot thawed = train(frozen, 6, new ArrayList<>());
    for (String name : grown.parameters().keySet()) {
      assertNotEquals(frozen.parameters().get(name), thawed.parameters().get(name), name);
    }
  }

  @Test
  void aTensorsBiasCorrectionCountsOnlyTheUpdatesItTook() {
    // Reset moments and a constant rate without decay: the first update a frozen tensor takes is
    // Adam's first step, lr * g / |g| per element. Counting the 5 frozen updates would make it
    // about 0.43 lr.
    Snapshot grown = grow("stack-top(freeze=5)", CONSTANT);
    Snapshot frozen = train(grown, 5, new ArrayList<>());
    Snapshot thawed = train(frozen, 6, new ArrayList<>());
    String name = ParameterNames.layer(0, "ln_1.bias");
    float[] a = frozen.parameters().get(name).data();
    float[] b = thawed.parameters().get(name).data();
    double largest = 0;
    for (int i = 0; i < a.length; i++) {
      largest = Math.max(largest, Math.abs(b[i] - a[i]));
    }
    double lr = CONSTANT.train().lr();
    assertEquals(lr, largest, 0.01 * lr, "first update of a thawed tensor");
  }

  @Test
  void aRunResumedInsideTheFreezeAndTheRampIsExact() {
    Snapshot grown = grow("stack-top(freeze=4, ramp=6)", CONFIG);
    List<StepRecord> straight = new ArrayList<>();
    Snapshot end = train(grown, 8, straight);
    List<StepRecord> resumed = new ArrayList<>();
    Snapshot paused = train(grown, 3, resumed);
    Snapshot again = train(paused, 8, resumed);
    assertEquals(
        straight.stream().map(StepRecord::trainLoss).toList(),
        resumed.stream().map(StepRecord::trainLoss).toList());
    for (Map.Entry<String, HostTensor> e : end.parameters().entrySet()) {
      assertEquals(e.getValue(), again.parameters().get(e.getKey()), e.getKey());
    }
  }
}
