package dev.lag.trainer.record;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.io.Provenance;
import dev.lag.analysis.io.RunDirectory;
import dev.lag.analysis.io.RunFiles;
import dev.lag.analysis.io.RunKind;
import dev.lag.analysis.io.RunStatus;
import dev.lag.trainer.checkpoint.Checkpoints;
import dev.lag.trainer.config.GptConfig;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.train.StepListener;
import dev.lag.trainer.train.StepRecord;
import dev.lag.trainer.train.TrainingInputs;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingResult;
import dev.lag.trainer.train.TrainingState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One training run written to a run directory: {@code run.json} (config, provenance, status,
 * summary), {@code metrics.jsonl} (every step) and the final {@code checkpoint/}. With a checkpoint
 * interval the checkpoint is also refreshed during training, and a run started again with {@code
 * resume} continues from it, dropping the metrics lines written after it, so the records end up
 * exactly as if the run had never stopped.
 */
public final class TrainRun {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TrainRun.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper LINES = new ObjectMapper();

  private final RunConfig config;
  private final Path outDir;
  private Path initFrom;
  private RunDirectory.Mode mode = RunDirectory.Mode.NEW;
  private int checkpointEvery;
  private StepListener listener = StepListener.NONE;

  /**
   * A run of {@code config} writing into {@code outDir}.
   *
   * @param config the whole run config
   * @param outDir the run directory (created if needed)
   */
  public TrainRun(RunConfig config, Path outDir) {
    this.config = config;
    this.outDir = outDir;
  }

  /**
   * Start from a checkpoint's parameters and moments (a grown model, say) instead of a fresh init.
   */
  public TrainRun optInitFrom(Path checkpoint) {
    this.initFrom = checkpoint;
    return this;
  }

  /**
   * What to do with what {@code outDir} holds: a new run needs a new or empty directory, {@code
   * RESUME} continues the run there, {@code REPLACE} replaces a finished one.
   */
  public TrainRun optMode(RunDirectory.Mode mode) {
    this.mode = mode;
    return this;
  }

  /** Refresh the checkpoint every this many steps (0: only at the end). */
  public TrainRun optCheckpointEvery(int steps) {
    this.checkpointEvery = steps;
    return this;
  }

  /** Also tell {@code listener} about every step (a progress bar, say). */
  public TrainRun optListener(StepListener listener) {
    this.listener = listener;
    return this;
  }

  /**
   * Trains and writes the records; returns the summary written to {@code run.json}. Everything is
   * checked (the directory, the data, the model) before anything is written.
   */
  public TrainingResult execute() throws IOException {
    if (config.train().replicas() != 1) {
      throw InvalidInputException.field(
          "replicas",
          config.train().replicas(),
          "lag train trains one replica (replica=N picks its data order); replicas is for select,"
              + " study and stack");
    }
    RunDirectory dir = RunDirectory.open(outDir, RunKind.TRAIN, mode, "--out");
    Path checkpoint = outDir.resolve(RunFiles.CHECKPOINT);
    boolean resuming = dir.resuming() && Files.isDirectory(checkpoint);
    // A fresh folder is how scripts resume-or-start (the CLI says so); only an earlier run that
    // ended before its first checkpoint is worth a warning: its steps are trained again.
    if (dir.resuming() && !resuming && Files.isRegularFile(outDir.resolve(RunFiles.RUN))) {
      LOG.warn("{} holds no checkpoint to resume from: training from step 0", outDir);
    }
    TextData data = TextData.load(config.data(), config.model().seqLen(), config.train().seed());
    RunConfig effective = withVocabulary(config, data.tokenizer().vocabSize());
    GptConfig m = effective.model();
    m.requireHeapFor("model", m.layers() + " layers of dModel " + m.dModel());
    Provenance provenance =
        Engines.provenance(effective.train().device(), effective.train().seed());

    try (NDManager root = Engines.newManager(Engines.device(effective.train().device()));
        TrainingState state = initialState(effective, checkpoint, resuming, root)) {
      dir.start(
          record(effective, provenance, data, null, state), RunFiles.CHECKPOINT, RunFiles.METRICS);
      if (resuming) {
        truncateMetrics(outDir.resolve(RunFiles.METRICS), state.step());
      } else {
        Files.deleteIfExists(outDir.resolve(RunFiles.METRICS));
      }
      TrainingLoop loop = new TrainingLoop(effective.train(), TrainingInputs.of(data, effective));
      TrainingResult result;
      try (MetricsWriter metrics = new MetricsWriter(outDir.resolve(RunFiles.METRICS), LINES)) {
        int logEvery = effective.train().logInterval();
        StepListener writer =
            r -> {
              if (r.step() % logEvery == 0
                  || r.evalLoss() != null
                  || r.step() == effective.train().steps()) {
                metrics.write(r, Map.of());
              }
              if (checkpointEvery > 0 && r.step() > 0 && r.step() % checkpointEvery == 0) {
                saveCheckpoint(checkpoint, state, effective);
              }
            };
        result = loop.run(state, writer.andThen(listener));
      }
      if (result.status() != RunStatus.DIVERGED) {
        saveCheckpoint(checkpoint, state, effective);
      }
      dir.finish(record(effective, provenance, data, result, state), result.status());
      return result;
    }
  }

  private TrainingState initialState(
      RunConfig effective, Path checkpoint, boolean resuming, NDManager root) {
    if (resuming) {
      TrainingState state = Checkpoints.load(checkpoint, effective, root);
      if (state.step() > effective.train().steps()) {
        int at = state.step();
        state.close();
        throw InvalidInputException.field(
            "steps",
            effective.train().steps(),
            "the checkpoint in " + checkpoint + " is at step " + at + " already");
      }
      return state;
    }
    if (initFrom != null) {
      RunConfig stored = Checkpoints.readConfig(initFrom);
      if (!stored.model().equals(effective.model())) {
        throw new InvalidInputException(
            "checkpoint "
                + initFrom
                + " holds a model of shape "
                + stored.model()
                + ", but the config asks for "
                + effective.model()
                + " (leave the model keys unset to take them from the checkpoint)");
      }
      TrainingState state = Checkpoints.load(initFrom, effective, root);
      state.resetStep();
      return state;
    }
    return TrainingState.fresh(effective.model(), effective.train(), root);
  }

  /** The model's vocabulary comes from the tokenizer unless set; a smaller one is an error. */
  static RunConfig withVocabulary(RunConfig config, int tokenizerVocab) {
    int vocab = config.model().vocabSize();
    if (vocab == 0) {
      return new RunConfig(
          config.model().withVocabSize(tokenizerVocab), config.train(), config.data());
    }
    if (vocab < tokenizerVocab) {
      throw InvalidInputException.field(
          "vocabSize", vocab, "smaller than the tokenizer's vocabulary (" + tokenizerVocab + ")");
    }
    return config;
  }

  private static void saveCheckpoint(Path dir, TrainingState state, RunConfig config) {
    try {
      Checkpoints.save(dir, state, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The run record without its status: config, provenance, data, and the summary so far. */
  private static ObjectNode record(
      RunConfig effective,
      Provenance provenance,
      TextData data,
      TrainingResult result,
      TrainingState state) {
    ObjectNode run = JSON.createObjectNode();
    run.set("config", effective.toJson(JSON));
    run.set("provenance", JSON.valueToTree(provenance));
    ObjectNode dataNode = run.putObject("data");
    dataNode.put("source", data.source());
    dataNode.put("tokenizer", data.tokenizer().describe());
    dataNode.put("trainTokens", data.split().train().length);
    dataNode.put("validationTokens", data.split().validation().length);
    ObjectNode summary = run.putObject("summary");
    summary.put("parameters", state.model().parameterCount());
    summary.put("steps", state.step());
    summary.put("tokens", state.tokens());
    summary.put("flops", state.flops());
    summary.put("wallSeconds", state.wallSeconds());
    if (result != null) {
      putFinite(summary, "finalTrainLoss", result.lastTrainLoss());
      putFinite(summary, "finalEvalLoss", result.lastEvalLoss());
      if (result.status() == RunStatus.DIVERGED) {
        summary.put("divergedAtStep", result.lastStep());
      }
      if (!result.message().isEmpty()) {
        summary.put("message", result.message());
      }
    }
    return run;
  }

  private static void putFinite(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    }
  }

  /** Keeps the metrics lines up to {@code step} (and drops a torn last line). */
  static void truncateMetrics(Path file, long step) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    List<String> kept = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        JsonNode node;
        try {
          node = LINES.readTree(line);
        } catch (IOException e) {
          break; // a torn line can only be the last one
        }
        if (node != null && node.path("step").asLong(Long.MAX_VALUE) <= step) {
          kept.add(line);
        }
      }
    }
    AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
  }

  /** The step records of a {@code metrics.jsonl}, in file order (a torn last line is skipped). */
  public static List<StepRecord> readMetrics(Path file) throws IOException {
    List<StepRecord> records = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        try {
          records.add(LINES.readValue(line, StepRecord.class));
        } catch (IOException e) {
          break;
        }
      }
    }
    return records;
  }
}
