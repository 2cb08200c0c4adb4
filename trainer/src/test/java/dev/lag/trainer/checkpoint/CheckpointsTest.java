package dev.lag.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.BatchSampler;
import dev.lag.trainer.data.ByteTokenizer;
import dev.lag.trainer.data.SyntheticCorpus;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.train.StepRecord;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingState;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("djl")
class CheckpointsTest {
  static final RunConfig CONFIG =
      RunConfig.DEFAULT.withAssignments(
          List.of(
              ("layers=2 dModel=32 heads=2 seqLen=16 batch=4 steps=12 warmup=2 evalInterval=0"
                      + " tiedEmbeddings=false")
                  .split(" ")));
  static final int[] TOKENS = new ByteTokenizer().encode(SyntheticCorpus.generate(20_000));

  static List<Double> train(
      TrainingState state, RunConfig config, java.util.function.Predicate<StepRecord> stop) {
    List<Double> losses = new ArrayList<>();
    TrainingLoop loop =
        new TrainingLoop(
            config.train(), new BatchSampler(TOKENS, 16, 4, config.train().seed()), List.of());
    loop.run(state, r -> losses.add(r.trainLoss()), stop);
    return losses;
  }

  /**
   * Also under WSD with the stop inside the decay (12 steps, the last 6 decay, stop after 8): the
   * resumed run must take the decay up where it left off.
   */
  @ParameterizedTest
  @CsvSource({"cosine, 5", "'wsd(decay=0.5)', 8", "'wsd(decay=0.5, shape=sqrt)', 8"})
  void resumingFromACheckpointReproducesTheUninterruptedRun(
      String schedule, int stopAt, @TempDir Path dir) throws Exception {
    RunConfig config = CONFIG.with("schedule", schedule);
    List<Double> straight;
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fresh(config.model(), config.train(), root)) {
      straight = train(state, config, r -> false);
    }
    List<Double> resumed;
    Path ckpt = dir.resolve("ckpt");
    try (NDManager root = Engines.newManager(Engines.device("cpu"))) {
      try (TrainingState state = TrainingState.fresh(config.model(), config.train(), root)) {
        resumed = train(state, config, r -> r.step() == stopAt);
        Checkpoints.save(ckpt, state, config);
      }
      assertEquals(config, Checkpoints.readConfig(ckpt));
      try (TrainingState state = Checkpoints.load(ckpt, config, root)) {
        assertEquals(stopAt, state.step());
        assertEquals(stopAt, state.optimizer().stepCount());
        resumed.addAll(train(state, config, r -> false));
      }
    }
    // Equal to the bit: a checkpoint holds the whole state.
    assertEquals(straight.size(), resumed.size());
    for (int i = 0; i < straight.size(); i++) {
      assertEquals(straight.get(i), resumed.get(i), "loss at step " + (i + 1) + " after resuming");
    }
    // Saving again over an existing checkpoint replaces it and leaves no temporary files.
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = Checkpoints.load(ckpt, config, root)) {
      Checkpoints.save(ckpt, state, config);
    }
    try (var files = Files.list(dir)) {
      assertEquals(List.of(ckpt), files.toList());
    }
  }

  @Test
  void corruptCheckpointsAreDetectedNotLoaded(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("ckpt");
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fresh(CONFIG.model(), CONFIG.train(), root)) {
      Checkpoints.save(ckpt, state, CONFIG);
    }
    try (RandomAccessFile f =
        new RandomAccessFile(ckpt.resolve("model.safetensors").toFile(), "rw")) {
      f.seek(f.length() - 3);
      f.write(42);
    }
    try (NDManager root = Engines.newManager(Engines.device("cpu"))) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> Checkpoints.load(ckpt, CONFIG, root));
      assertTrue(
          e.getMessage().contains("model.safetensors fails its SHA-256 check"), e.getMessage());
      InvalidInputException missing =
          assertThrows(
              InvalidInputException.class,
              () -> Checkpoints.load(dir.resolve("nope"), CONFIG, root));
      assertTrue(missing.getMessage().contains("no such directory"), missing.getMessage());
    }
  }

  @Test
  void shapesThatDisagreeWithTheConfigAreAUserError(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("ckpt");
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fresh(CONFIG.model(), CONFIG.train(), root)) {
      Checkpoints.save(ckpt, state, CONFIG);
    }
    RunConfig wider = CONFIG.with("dModel", 64);
    try (NDManager root = Engines.newManager(Engines.device("cpu"))) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> Checkpoints.load(ckpt, wider, root));
      assertTrue(
          e.getMessage().contains("has shape [256, 32] but config.json needs [256, 64]"),
          e.getMessage());
    }
  }
}
