package dev.lag.analysis.importers;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV logs with a header, in two layouts.
 *
 * <ul>
 *   <li>Wide, one metric per column: plain CSV ({@code candidate,step,loss[,eval_loss]}), PyTorch
 *       Lightning's CSVLogger {@code metrics.csv} (train and validation metrics on separate rows,
 *       empty cells where a metric was not logged), and a W&amp;B export of several runs ({@code
 *       Name} names the run). The loss column is the first of {@link #LOSS_COLUMNS} present, the
 *       eval column the first of {@link #EVAL_COLUMNS}.
 *   <li>Long, one value per row: TensorBoard's scalar export ({@code run,tag,step,value}); the tags
 *       are looked for under the same names as the columns.
 * </ul>
 *
 * Rows belong to the run their run column names (the first of {@link #RUN_COLUMNS}, or the one
 * given as {@code --field candidate=COLUMN}); without one, the file is one run.
 */
public final class CsvImporter implements TrajectoryImporter {
  /** Accepted names of the training-loss column, in order of preference. */
  public static final List<String> LOSS_COLUMNS =
      List.of("loss", "train_loss", "train_loss_step", "trainLoss", "training_loss", "train/loss");

  /** Accepted names of the held-out loss column, in order of preference. */
  public static final List<String> EVAL_COLUMNS =
      List.of(
          "eval_loss",
          "val_loss",
          "evalLoss",
          "valid_loss",
          "validation_loss",
          "val_loss_epoch",
          "eval/loss",
          "val/loss");

  /** Accepted names of the step column, in order of preference. */
  public static final List<String> STEP_COLUMNS =
      List.of("step", "Step", "_step", "global_step", "trainer/global_step");

  /** Accepted names of a column that says which run a row belongs to. */
  public static final List<String> RUN_COLUMNS = List.of("candidate", "Name", "name", "run", "Run");

  private final LogFields fields;

  /** Reads the usual column names. */
  public CsvImporter() {
    this(LogFields.DEFAULT);
  }

  /** Reads the named columns. */
  public CsvImporter(LogFields fields) {
    this.fields = fields;
  }

  @Override
  public String format() {
    return "csv";
  }

  @Override
  public boolean accepts(Path file) {
    return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv");
  }

  @Override
  public List<Trajectory> read(Path file, String defaultName) throws IOException {
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = format.parse(reader)) {
      List<String> header = parser.getHeaderNames();
      if (header.isEmpty()) {
        throw new InvalidInputException(file + ": empty file (expected a header line)");
      }
      Columns columns = columns(header, file);
      boolean tagged = isTagged(header);
      String run = columns.run();
      Map<String, List<Point>> points = new LinkedHashMap<>();
      Map<String, Boolean> diverged = new LinkedHashMap<>();
      for (CSVRecord row : parser) {
        long line = row.getRecordNumber() + 1;
        if (!row.isConsistent()) {
          throw new InvalidInputException(
              file + " line " + line + ": " + row.size() + " fields, header has " + header.size());
        }
        String name = run == null ? defaultName : row.get(run);
        if (name.isEmpty()) {
          throw new InvalidInputException(file + " line " + line + ": empty " + run);
        }
        Point p = tagged ? taggedPoint(row, columns, file, line) : point(row, columns, file, line);
        if (p == null) {
          continue; // Lightning writes epoch-only rows; TensorBoard writes other tags
        }
        diverged.merge(name, isNonFinite(row, columns), Boolean::logicalOr);
        points.computeIfAbsent(name, n -> new ArrayList<>()).add(p);
      }
      if (points.isEmpty()) {
        throw new InvalidInputException(
            file
                + (tagged
                    ? ": no row has a loss tag; expected one of "
                        + fields.trainKeys(TAGS)
                        + " or "
                        + fields.evalKeys(EVAL_TAGS)
                        + " (name it with --field train=TAG)"
                    : ": no data rows"));
      }
      List<Trajectory> out = new ArrayList<>();
      // A run's rows for one step (a train row and an eval row) merge into one point.
      points.forEach((name, p) -> out.add(new Trajectory(name, p, diverged.get(name))));
      return out;
    }
  }

  /** TensorBoard's usual training-loss tags, after the column names. */
  static final List<String> TAGS =
      java.util.stream.Stream.concat(
              LOSS_COLUMNS.stream(), java.util.stream.Stream.of("train/loss", "Loss/train"))
          .toList();

  /** TensorBoard's usual held-out-loss tags, after the column names. */
  static final List<String> EVAL_TAGS =
      java.util.stream.Stream.concat(
              EVAL_COLUMNS.stream(),
              java.util.stream.Stream.of("eval/loss", "val/loss", "Loss/val", "Loss/eval"))
          .toList();

  /** Whether the file is TensorBoard's long layout: one value per row, its metric in "tag". */
  private static boolean isTagged(List<String> header) {
    return header.contains("tag") && header.contains("value");
  }

  /** The step, run and loss columns of a header, checked against what the user named. */
  private Columns columns(List<String> header, Path file) {
    String stepKey = first(header, fields.stepKeys(STEP_COLUMNS));
    if (stepKey == null) {
      throw new InvalidInputException(
          file
              + ": no step column (columns: "
              + String.join(", ", header)
              + "; name it with --field step=KEY)");
    }
    String run = first(header, fields.candidateKeys(RUN_COLUMNS));
    if (fields.candidate() != null && run == null) {
      throw InvalidInputException.field(
          "--field candidate", fields.candidate(), "no such column in " + file);
    }
    boolean tagged = isTagged(header);
    Columns columns =
        tagged
            ? new Columns(stepKey, run, "value", "value")
            : new Columns(
                stepKey,
                run,
                first(header, fields.trainKeys(LOSS_COLUMNS)),
                first(header, fields.evalKeys(EVAL_COLUMNS)));
    if (!tagged) {
      fields.checkSeen(file, columns.loss() != null, columns.eval() != null);
      if (columns.loss() == null && columns.eval() == null) {
        throw new InvalidInputException(
            file
                + ": no loss column; expected one of "
                + LOSS_COLUMNS
                + " or "
                + EVAL_COLUMNS
                + " (columns: "
                + String.join(", ", header)
                + ")");
      }
    }
    return columns;
  }

  /** Which columns hold what. */
  private record Columns(String step, String run, String loss, String eval) {}

  /** A wide row: the step and each loss in its column; null for a row without a step. */
  private static Point point(CSVRecord row, Columns c, Path file, long line) {
    String stepText = row.get(c.step());
    if (stepText.isEmpty()) {
      return null;
    }
    long step = Numbers.step(stepText, file, line);
    double l =
        c.loss() == null ? Double.NaN : Numbers.parse(row.get(c.loss()), file, line, c.loss());
    double e =
        c.eval() == null ? Double.NaN : Numbers.parse(row.get(c.eval()), file, line, c.eval());
    return new Point(step, Double.NaN, Double.NaN, l, e);
  }

  /** A long row: its tag says which loss its value is; null for a tag that is neither. */
  private Point taggedPoint(CSVRecord row, Columns c, Path file, long line) {
    String tag = row.get("tag");
    boolean train = fields.trainKeys(TAGS).contains(tag);
    boolean eval = fields.evalKeys(EVAL_TAGS).contains(tag);
    if (!train && !eval || row.get(c.step()).isEmpty()) {
      return null;
    }
    long step = Numbers.step(row.get(c.step()), file, line);
    double v = Numbers.parse(row.get("value"), file, line, "value");
    return new Point(step, Double.NaN, Double.NaN, train ? v : Double.NaN, eval ? v : Double.NaN);
  }

  private static boolean isNonFinite(CSVRecord row, Columns c) {
    return isNonFinite(c.loss() == null ? "" : row.get(c.loss()))
        || isNonFinite(c.eval() == null ? "" : row.get(c.eval()));
  }

  private static boolean isNonFinite(String text) {
    if (text.isEmpty()) {
      return false;
    }
    String t = text.toLowerCase(java.util.Locale.ROOT);
    return t.contains("nan") || t.contains("inf");
  }

  private static String first(List<String> header, List<String> wanted) {
    for (String w : wanted) {
      if (header.contains(w)) {
        return w;
      }
    }
    return null;
  }
}
