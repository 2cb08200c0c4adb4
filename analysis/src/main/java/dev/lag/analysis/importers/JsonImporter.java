package dev.lag.analysis.importers;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Probe;
import dev.lag.analysis.trajectory.Trajectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON logs: Hugging Face {@code trainer_state.json} ({@code log_history} entries with {@code
 * step}, {@code loss}, {@code eval_loss}), and JSONL with one object per step (lag's own {@code
 * metrics.jsonl}, or any log with {@code step} and a loss field; a {@code candidate} field splits
 * one file into several candidates). A torn last JSONL line, as a crash leaves it, is skipped.
 */
public final class JsonImporter implements TrajectoryImporter {
  /**
   * Between a candidate's name and its replica in the names of replicas after the first: {@code
   * midas#2} is the third replica of {@code midas} (candidate names never hold it).
   */
  public static final String REPLICA = "#";

  private static final List<String> LOSS = List.of("trainLoss", "loss", "train_loss");
  private static final List<String> EVAL = List.of("evalLoss", "eval_loss", "val_loss");

  private final LogFields fields;

  /** Reads the usual field names. */
  public JsonImporter() {
    this(LogFields.DEFAULT);
  }

  /** Reads the named fields. */
  public JsonImporter(LogFields fields) {
    this.fields = fields;
  }

  // Python's json module writes NaN and Infinity literals; a diverged run's log contains them.
  private final ObjectMapper json =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  @Override
  public String format() {
    return "json";
  }

  @Override
  public boolean accepts(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.equals("trainer_state.json");
  }

  @Override
  public List<Trajectory> read(Path file, String defaultName) throws IOException {
    if (file.getFileName().toString().equals("trainer_state.json")) {
      return List.of(readTrainerState(file, defaultName));
    }
    return readLines(file, defaultName);
  }

  private Trajectory readTrainerState(Path file, String name) throws IOException {
    JsonNode root;
    try {
      root = json.readTree(file.toFile());
    } catch (IOException e) {
      throw new InvalidInputException(file + ": not valid JSON (" + firstLine(e) + ")");
    }
    if (root == null || !root.path("log_history").isArray()) {
      throw new InvalidInputException(
          file + ": no log_history list (is it a Hugging Face trainer_state.json?)");
    }
    List<Point> points = new ArrayList<>();
    boolean diverged = false;
    int index = 0;
    String trainKey = fields.train() == null ? "loss" : fields.train();
    String evalKey = fields.eval() == null ? "eval_loss" : fields.eval();
    String stepKey = fields.stepKey();
    for (JsonNode entry : root.path("log_history")) {
      index++;
      // The summary entry at the end has train_loss (a mean over the run), not loss: skipped.
      if (!entry.has(stepKey) || (!entry.has(trainKey) && !entry.has(evalKey))) {
        continue;
      }
      long step = requireStep(entry.get(stepKey), file, "log_history[" + (index - 1) + "]");
      double loss = number(entry, trainKey, file, index);
      double eval = number(entry, evalKey, file, index);
      diverged |= nonFinite(entry, trainKey) || nonFinite(entry, evalKey);
      points.add(new Point(step, Double.NaN, Double.NaN, loss, eval));
    }
    if (points.isEmpty()) {
      throw new InvalidInputException(
          file
              + ": log_history has no entry with "
              + stepKey
              + " and "
              + trainKey
              + " or "
              + evalKey
              + " (name other fields with --field)");
    }
    return new Trajectory(name, points, diverged);
  }

  private List<Trajectory> readLines(Path file, String defaultName) throws IOException {
    return merge(readStages(file, defaultName));
  }

  /**
   * The candidates of JSONL lines read from elsewhere (a bank file), stages merged as for a log;
   * {@code source} names them in messages.
   */
  public List<Trajectory> readLines(List<String> lines, Path source, String defaultName) {
    return merge(readStages(lines, source, defaultName));
  }

  private static List<Trajectory> merge(Map<Integer, Map<String, Trajectory>> stages) {
    Map<String, Trajectory> merged = new LinkedHashMap<>();
    Map<String, List<Point>> points = new LinkedHashMap<>();
    Map<String, Boolean> diverged = new LinkedHashMap<>();
    for (Map<String, Trajectory> stage : stages.values()) {
      for (Trajectory t : stage.values()) {
        points.computeIfAbsent(t.name(), n -> new ArrayList<>()).addAll(t.points());
        diverged.merge(t.name(), t.diverged(), Boolean::logicalOr);
      }
    }
    points.forEach((name, p) -> merged.put(name, new Trajectory(name, p, diverged.get(name))));
    return new ArrayList<>(merged.values());
  }

  /**
   * A JSONL log split by its {@code stage} field (0 where absent) and then by {@code candidate}
   * ({@code defaultName} where absent): growth runs restart the step count at every stage, and the
   * same candidate name recurs in several stages.
   *
   * @return stage to (candidate name to trajectory), both in order of first appearance
   */
  public Map<Integer, Map<String, Trajectory>> readStages(Path file, String defaultName)
      throws IOException {
    List<String> lines;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      lines = reader.lines().toList();
    }
    return readStages(lines, file, defaultName);
  }

  /** A line's run: its candidate (or the file's run), and its replica when not the first. */
  private static String runName(JsonNode node, String defaultName, Path file) {
    String name = node.has("candidate") ? node.get("candidate").asText() : defaultName;
    if (node.has("replica")) {
      long replica = requireStep(node.get("replica"), file, "replica");
      name = replica == 0 ? name : name + REPLICA + replica;
    }
    return name;
  }

  /** The cooldown probes a line carries (none for most). */
  private static List<Probe> probes(JsonNode node, Path file, int line) {
    List<Probe> probes = new ArrayList<>();
    for (JsonNode p : node.path("probes")) {
      long steps = requireStep(p.path("steps"), file, "probe steps");
      if (steps < 1) {
        throw new InvalidInputException(file + " line " + line + ": probe steps=0");
      }
      probes.add(
          new Probe(
              (int) steps,
              number(p, "evalLoss", file, line),
              batches(p, file, line),
              number(p, "flops", file, line)));
    }
    return probes;
  }

  private Map<Integer, Map<String, Trajectory>> readStages(
      List<String> lines, Path file, String defaultName) {
    Map<Integer, Map<String, List<Point>>> points = new LinkedHashMap<>();
    Map<String, Boolean> diverged = new LinkedHashMap<>();
    boolean sawTrain = false;
    boolean sawEval = false;
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      if (text.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = json.readTree(text);
      } catch (IOException e) {
        if (i == lines.size() - 1) {
          break; // a torn last line: the writer was interrupted mid-line
        }
        throw new InvalidInputException(file + " line " + (i + 1) + ": not valid JSON");
      }
      if (!node.isObject() || !node.has(fields.stepKey())) {
        throw new InvalidInputException(
            file
                + " line "
                + (i + 1)
                + ": no '"
                + fields.stepKey()
                + "' field (name the step's field with --field step=KEY)");
      }
      String name = runName(node, defaultName, file);
      int stage = node.has("stage") ? (int) requireStep(node.get("stage"), file, "stage") : 0;
      long step = requireStep(node.get(fields.stepKey()), file, "line " + (i + 1));
      String lossField = firstPresent(node, fields.trainKeys(LOSS));
      String evalField = firstPresent(node, fields.evalKeys(EVAL));
      sawTrain |= lossField != null;
      sawEval |= evalField != null;
      double loss = lossField == null ? Double.NaN : number(node, lossField, file, i + 1);
      double eval = evalField == null ? Double.NaN : number(node, evalField, file, i + 1);
      boolean bad =
          (lossField != null && nonFinite(node, lossField))
              || (evalField != null && nonFinite(node, evalField));
      if (node.path("diverged").asBoolean(false)) {
        // lag writes a diverged step without its non-finite loss, flagged instead (strict JSON).
        bad = true;
        loss = Double.isNaN(loss) ? Double.POSITIVE_INFINITY : loss;
      }
      diverged.merge(stage + "/" + name, bad, Boolean::logicalOr);
      double tokens = node.has("tokens") ? number(node, "tokens", file, i + 1) : Double.NaN;
      double flops = node.has("flops") ? number(node, "flops", file, i + 1) : Double.NaN;
      double primitives =
          node.has("primitives") ? number(node, "primitives", file, i + 1) : Double.NaN;
      List<Probe> probes = probes(node, file, i + 1);
      points
          .computeIfAbsent(stage, s -> new LinkedHashMap<>())
          .computeIfAbsent(name, n -> new ArrayList<>())
          .add(
              new Point(
                  step, tokens, flops, loss, eval, primitives, batches(node, file, i + 1), probes));
    }
    if (points.isEmpty()) {
      throw new InvalidInputException(file + ": empty file");
    }
    fields.checkSeen(file, sawTrain, sawEval);
    Map<Integer, Map<String, Trajectory>> out = new LinkedHashMap<>();
    points.forEach(
        (stage, byName) -> {
          Map<String, Trajectory> trajectories = new LinkedHashMap<>();
          byName.forEach(
              (name, p) ->
                  trajectories.put(
                      name, new Trajectory(name, p, diverged.get(stage + "/" + name))));
          out.put(stage, trajectories);
        });
    return out;
  }

  /** {@code evalBatchLosses}: a list of finite numbers, or absent. */
  private static BatchLosses batches(JsonNode node, Path file, int where) {
    JsonNode v = node.get("evalBatchLosses");
    if (v == null || v.isNull()) {
      return BatchLosses.NONE;
    }
    if (!v.isArray()) {
      throw new InvalidInputException(
          file + " entry " + where + ": evalBatchLosses is not a list of numbers");
    }
    double[] out = new double[v.size()];
    for (int j = 0; j < out.length; j++) {
      if (!v.get(j).isNumber()) {
        throw new InvalidInputException(
            file + " entry " + where + ": evalBatchLosses[" + j + "]=" + v.get(j));
      }
      out[j] = v.get(j).asDouble();
    }
    return BatchLosses.of(out);
  }

  private static String firstPresent(JsonNode node, List<String> fields) {
    for (String f : fields) {
      if (node.has(f) && !node.get(f).isNull()) {
        return f;
      }
    }
    return null;
  }

  private static long requireStep(JsonNode step, Path file, String where) {
    if (!step.isNumber() || step.asDouble() < 0 || step.asDouble() != Math.rint(step.asDouble())) {
      throw new InvalidInputException(
          file + " " + where + ": step=" + step + " is not a non-negative whole number");
    }
    return step.asLong();
  }

  private static double number(JsonNode node, String field, Path file, int where) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Double.NaN;
    }
    if (!v.isNumber()) {
      throw new InvalidInputException(
          file + " entry " + where + ": " + field + "=" + v + " is not a number");
    }
    double d = v.asDouble();
    return Double.isFinite(d) ? d : Double.isNaN(d) ? Double.NaN : d;
  }

  private static boolean nonFinite(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() && !Double.isFinite(v.asDouble());
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
