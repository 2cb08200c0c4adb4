package dev.lag.strategies;

import static dev.lag.strategies.FunctionPreservationTest.CONFIG;
import static dev.lag.strategies.FunctionPreservationTest.TOKENS;
import static dev.lag.strategies.FunctionPreservationTest.trainedSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.train.TrainingState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * HyperCloning's widening with {@code optimizer=copy}: each clone's AdamW moments are its source's
 * rescaled to the gradient the clone sees. The check needs no formula of its own: give the source
 * moments equal to its gradient (and its square); after widening they must equal the widened
 * model's gradient (and its square), measured by autograd.
 */
@Tag("djl")
class WidenMomentsTest {
  static Map<String, HostTensor> gradients(Snapshot snapshot) {
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fromSnapshot(snapshot, root);
        NDManager step = root.newSubManager()) {
      var batch = new BatchSampler(TOKENS, 16, 4, 7).batch(0);
      NDArray x = step.create(batch.inputs(), new Shape(4, 16));
      NDArray y = step.create(batch.targets(), new Shape(4, 16));
      try (GradientCollector c = Engine.getInstance().newGradientCollector()) {
        c.backward(state.model().loss(x, y));
      }
      Map<String, HostTensor> out = new LinkedHashMap<>();
      state
          .model()
          .parameters()
          .forEach(
              (name, p) -> {
                try (NDArray g = p.getGradient()) {
                  out.put(name, new HostTensor(g.getShape().getShape(), g.toFloatArray()));
                }
              });
      return out;
    }
  }

  static Map<String, HostTensor> squares(Map<String, HostTensor> tensors) {
    Map<String, HostTensor> out = new LinkedHashMap<>();
    tensors.forEach(
        (name, t) -> {
          HostTensor s = t.copy();
          for (int i = 0; i < s.data().length; i++) {
            s.data()[i] *= s.data()[i];
          }
          out.put(name, s);
        });
    return out;
  }

  @Test
  void aMomentEqualToTheGradientStaysEqualToTheGradient() {
    for (boolean tied : new boolean[] {true, false}) {
      for (int f : new int[] {2, 3}) {
        RunConfig config = CONFIG.with("tiedEmbeddings", tied);
        Snapshot trained = trainedSource(config);
        Map<String, HostTensor> g = gradients(trained);
        Snapshot source =
            new Snapshot(trained.config(), trained.parameters(), g, squares(g), trained.counters());
        Snapshot wider =
            GrowthOperators.resolve("widen(optimizer=copy)")
                .apply(source, config.model().withDModel(32 * f));
        Map<String, HostTensor> widened = gradients(wider);
        for (String name : widened.keySet()) {
          String where = name + ", x" + f + ", tied=" + tied;
          assertClose(widened.get(name), wider.firstMoments().get(name), where);
          assertClose(squares(widened).get(name), wider.secondMoments().get(name), where);
        }
      }
    }
  }

  @Test
  void withoutOptimizerCopyTheMomentsStartAtZero() {
    Snapshot wider =
        GrowthOperators.resolve("widen")
            .apply(trainedSource(CONFIG), CONFIG.model().withDModel(64));
    wider.firstMoments().values().forEach(m -> assertEquals(HostTensor.zeros(m.shape()), m));
  }

  /** Equal up to float rounding, relative to the tensor's largest value. */
  static void assertClose(HostTensor expected, HostTensor actual, String where) {
    double largest = 0;
    double worst = 0;
    for (int i = 0; i < expected.data().length; i++) {
      largest = Math.max(largest, Math.abs(expected.data()[i]));
      worst = Math.max(worst, Math.abs(expected.data()[i] - actual.data()[i]));
    }
    assertTrue(largest > 0, where + ": a gradient reaches it");
    assertTrue(worst <= 1e-3 * largest, where + ": off by " + worst + " of " + largest);
  }
}
