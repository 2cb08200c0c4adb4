package dev.lag.strategies;

import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.model.ParameterNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Random snapshots whose every tensor is distinct, so a wrong mapping cannot go unnoticed. */
final class Snapshots {
  private Snapshots() {}

  static GptConfig config(int layers, boolean tied) {
    return new GptConfig(64, 16, 2, layers, 8, 4, tied);
  }

  static Snapshot random(GptConfig model, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, HostTensor> p = new LinkedHashMap<>();
    Map<String, HostTensor> m = new LinkedHashMap<>();
    Map<String, HostTensor> v = new LinkedHashMap<>();
    ParameterNames.shapes(model)
        .forEach(
            (name, shape) -> {
              p.put(name, fill(shape, random, 0.1));
              m.put(name, fill(shape, random, 0.01));
              v.put(name, fill(shape, random, 0.001));
            });
    RunConfig config = new RunConfig(model, RunConfig.DEFAULT.train(), RunConfig.DEFAULT.data());
    return new Snapshot(config, p, m, v, new Snapshot.Counters(300, 300, 1000, 1e9, 5, 300));
  }

  private static HostTensor fill(long[] shape, SplittableRandom random, double scale) {
    HostTensor t = HostTensor.zeros(shape);
    for (int i = 0; i < t.data().length; i++) {
      t.data()[i] = (float) (scale * random.nextGaussian());
    }
    return t;
  }
}
