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
 * CSV logs with a header: plain CSV ({@code candidate,step,loss[,eval_loss]}, several candidates
 * per file) and PyTorch Lightning's CSVLogger {@code metrics.csv} (one run; train and validation
 * metrics on separate rows, empty cells where a metric was not logged). The loss column is the
 * first of {@link #LOSS_COLUMNS} present, the eval column the first of {@link #EVAL_COLUMNS}.
 */
public final class CsvImporter implements TrajectoryImporter {
  /** Accepted names of the training-loss column, in order of preference. */
  public static final List<String> LOSS_COLUMNS =
      List.of("loss", "train_loss", "train_loss_step", "trainLoss", "training_loss");

  /** Accepted names of the held-out loss column, in order of preference. */
  public static final List<String> EVAL_COLUMNS =
      List.of(
          "eval_loss", "val_loss", "evalLoss", "valid_loss", "validation_loss", "val_loss_epoch");

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
      String stepKey = fields.step();
      if (!header.contains(stepKey)) {
        throw new InvalidInputException(
            file
                + ": no '"
                + stepKey
                + "' column (columns: "
                + String.join(", ", header)
                + "; name the step's column with --field step=KEY)");
      }
      String loss = first(header, fields.trainKeys(LOSS_COLUMNS));
      String eval = first(header, fields.evalKeys(EVAL_COLUMNS));
      fields.checkSeen(file, loss != null, eval != null);
      if (loss == null && eval == null) {
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
      boolean many = header.contains("candidate");
      Map<String, List<Point>> points = new LinkedHashMap<>();
      Map<String, Boolean> diverged = new LinkedHashMap<>();
      for (CSVRecord row : parser) {
        long line = row.getRecordNumber() + 1;
        if (!row.isConsistent()) {
          throw new InvalidInputException(
              file + " line " + line + ": " + row.size() + " fields, header has " + header.size());
        }
        String name = many ? row.get("candidate") : defaultName;
        if (name.isEmpty()) {
          throw new InvalidInputException(file + " line " + line + ": empty candidate");
        }
        String stepText = row.get(stepKey);
        if (stepText.isEmpty()) {
          continue; // Lightning writes epoch-only rows
        }
        long step = Numbers.step(stepText, file, line);
        double l = loss == null ? Double.NaN : Numbers.parse(row.get(loss), file, line, loss);
        double e = eval == null ? Double.NaN : Numbers.parse(row.get(eval), file, line, eval);
        boolean bad =
            isNonFinite(loss == null ? "" : row.get(loss))
                || isNonFinite(eval == null ? "" : row.get(eval));
        diverged.merge(name, bad, Boolean::logicalOr);
        points
            .computeIfAbsent(name, n -> new ArrayList<>())
            .add(new Point(step, Double.NaN, Double.NaN, l, e));
      }
      if (points.isEmpty()) {
        throw new InvalidInputException(file + ": no data rows");
      }
      List<Trajectory> out = new ArrayList<>();
      points.forEach((name, p) -> out.add(new Trajectory(name, p, diverged.get(name))));
      return out;
    }
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
