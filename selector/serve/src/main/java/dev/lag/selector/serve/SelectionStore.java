package dev.lag.selector.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.importers.JsonImporter;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.analysis.io.MetricsWriter;
import dev.lag.analysis.io.Provenance;
import dev.lag.analysis.io.RunFiles;
import dev.lag.analysis.io.RunKind;
import dev.lag.analysis.io.RunStatus;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.RecordingTrainer;
import dev.lag.selector.Selection;
import dev.lag.selector.SelectionJson;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Served selections on disk, one run directory each, in the formats {@code lag report} reads:
 * {@code request.json} (what was asked), {@code run.json} (config, provenance, status), {@code
 * metrics.jsonl} (every report, appended and flushed line by line, so a killed service loses at
 * most a torn last line, which readers skip) and, once decided, {@code selection.json}.
 */
final class SelectionStore implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(SelectionStore.class);
  static final String REQUEST = "request.json";

  private final Path root;
  private final Consumer<String> specCheck;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final ObjectMapper compact = new ObjectMapper();
  private final Map<String, MetricsWriter> writers = new ConcurrentHashMap<>();
  // Collected once: it runs git, and every record of this process shares it.
  private final JsonNode provenance =
      json.valueToTree(Provenance.collect("reported by the client", 0));

  /** A selection read back from disk: each candidate's reports, per replica. */
  record Loaded(String id, SelectionRequest request, Map<String, List<List<Point>>> reports) {}

  SelectionStore(Path root, Consumer<String> specCheck) throws IOException {
    this.root = Files.createDirectories(root);
    this.specCheck = specCheck;
  }

  /** Writes a new selection's request and run record. */
  void create(String id, SelectionRequest request) throws IOException {
    Path dir = Files.createDirectories(root.resolve(id));
    AtomicFiles.writeString(dir.resolve(REQUEST), json.writeValueAsString(request.toJson(json)));
    writeRun(id, request, RunStatus.OPEN);
  }

  /** Appends one report line; flushed before this returns. */
  void append(String id, String candidate, int replica, Point point) {
    MetricsWriter w =
        writers.computeIfAbsent(
            id,
            i -> {
              try {
                return new MetricsWriter(root.resolve(i).resolve(RunFiles.METRICS), compact);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    synchronized (w) {
      RecordingTrainer.write(w, candidate, 1, replica, point);
    }
  }

  /** Records the decision: {@code selection.json}, and {@code run.json} says completed. */
  void decided(String id, SelectionRequest request, Selection selection) throws IOException {
    Path dir = root.resolve(id);
    ObjectNode s = SelectionJson.toJson(selection, json);
    s.put("finalStep", request.finalStep());
    AtomicFiles.writeString(dir.resolve("selection.json"), json.writeValueAsString(s));
    writeRun(id, request, RunStatus.COMPLETED);
  }

  /** Every selection in the state directory, with its reports in the order they were made. */
  List<Loaded> load() throws IOException {
    List<Loaded> out = new ArrayList<>();
    List<Path> dirs;
    try (Stream<Path> list = Files.list(root)) {
      dirs = list.filter(d -> Files.isRegularFile(d.resolve(REQUEST))).sorted().toList();
    }
    for (Path dir : dirs) {
      String id = dir.getFileName().toString();
      try {
        SelectionRequest request =
            SelectionRequest.fromJson(compact.readTree(dir.resolve(REQUEST).toFile()), specCheck);
        Map<String, List<List<Point>>> reports = new LinkedHashMap<>();
        Path metrics = dir.resolve(RunFiles.METRICS);
        if (Files.isRegularFile(metrics) && Files.size(metrics) > 0) {
          for (Map<String, Trajectory> stage :
              new JsonImporter().readStages(metrics, "?").values()) {
            stage.forEach(
                (name, t) -> {
                  int at = name.lastIndexOf(JsonImporter.REPLICA);
                  String candidate = at < 0 ? name : name.substring(0, at);
                  int replica = at < 0 ? 0 : Integer.parseInt(name.substring(at + 1));
                  List<List<Point>> replicas =
                      reports.computeIfAbsent(candidate, c -> new ArrayList<>());
                  while (replicas.size() <= replica) {
                    replicas.add(new ArrayList<>());
                  }
                  replicas.set(replica, t.points());
                });
          }
        }
        out.add(new Loaded(id, request, reports));
      } catch (InvalidInputException | IOException e) {
        // One bad directory must not keep every other selection from resuming.
        LOG.warn("not resuming {}: {}", dir, e.getMessage());
      }
    }
    return out;
  }

  private void writeRun(String id, SelectionRequest request, RunStatus status) throws IOException {
    ObjectNode run = json.createObjectNode();
    run.put("schemaVersion", RunFiles.SCHEMA_VERSION);
    run.put("kind", RunKind.SERVE.label());
    run.put("status", status.label());
    run.put("id", id);
    ObjectNode config = request.toJson(json);
    config.put("steps", request.finalStep()); // the stage length, as lag select records it
    run.set("config", config);
    run.set("provenance", provenance);
    AtomicFiles.writeString(root.resolve(id).resolve(RunFiles.RUN), json.writeValueAsString(run));
  }

  @Override
  public void close() throws IOException {
    for (MetricsWriter w : writers.values()) {
      w.close();
    }
    writers.clear();
  }
}
