package dev.lag.analysis.curve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.JsonNumbers;
import dev.lag.analysis.stats.Correlation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versioned JSON form of a lag curve ({@code lag analyze --out}, and the core of {@code
 * study.json}). Schema version 2:
 *
 * <pre>
 * { schemaVersion: 2, scorer, metric, finalStep, best, stableFrom, replicas, seedNoise,
 *   uncertainty,
 *   candidates: [{name, final, diverged}],
 *   curve: [{step, spearman, spearmanP, spearmanLow, spearmanHigh, kendall, kendallP, kendallLow,
 *            kendallHigh, pearson, pearsonP, pick, top1, regret, relativeRegret, regretInNoise,
 *            tiedWithPick, undefined?}] }
 * </pre>
 *
 * Undefined values (a correlation of fewer than 3 candidates, a diverged final, the seed noise of
 * one replica) are JSON null. Version 1 (no replicas, seedNoise, uncertainty, regretInNoise) is
 * read too.
 */
public final class LagCurveJson {
  /** Version of the layout above. */
  public static final int SCHEMA_VERSION = 2;

  private LagCurveJson() {}

  /** The JSON object of a result. */
  public static ObjectNode toJson(LagCurveResult r, ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("scorer", r.scorer());
    root.put("metric", r.metric());
    root.put("finalStep", r.finalStep());
    root.put("best", r.best());
    root.put("stableFrom", r.stableFrom());
    root.put("replicas", r.replicas());
    JsonNumbers.put(root, "seedNoise", r.seedNoise());
    root.put("uncertainty", r.uncertainty());
    ArrayNode candidates = root.putArray("candidates");
    for (String name : r.candidates()) {
      ObjectNode c = candidates.addObject();
      c.put("name", name);
      JsonNumbers.put(c, "final", r.finalValues().get(name));
      c.put("diverged", r.diverged().contains(name));
    }
    ArrayNode curve = root.putArray("curve");
    for (LagPoint p : r.points()) {
      ObjectNode o = curve.addObject();
      o.put("step", p.step());
      put(o, "spearman", p.spearman());
      put(o, "kendall", p.kendall());
      put(o, "pearson", p.pearson());
      o.put("pick", p.pick());
      o.put("top1", p.top1());
      JsonNumbers.put(o, "regret", p.regret());
      JsonNumbers.put(o, "relativeRegret", p.relativeRegret());
      JsonNumbers.put(o, "regretInNoise", p.regretInNoise());
      ArrayNode tied = o.putArray("tiedWithPick");
      p.tiedWithPick().forEach(tied::add);
      if (!p.spearman().defined()) {
        o.put("undefined", p.spearman().undefinedReason());
      }
    }
    return root;
  }

  /**
   * Reads a result back from its JSON form ({@code lag analyze --out}, {@code study.json}).
   *
   * @throws InvalidInputException naming the field when the layout is not schema version 1
   */
  public static LagCurveResult fromJson(JsonNode root) {
    int version = root.path("schemaVersion").asInt(-1);
    if (version != SCHEMA_VERSION && version != 1) {
      throw new InvalidInputException(
          "schemaVersion="
              + root.path("schemaVersion")
              + " (this lag reads "
              + SCHEMA_VERSION
              + ")");
    }
    List<String> names = new ArrayList<>();
    List<String> diverged = new ArrayList<>();
    Map<String, Double> finals = new LinkedHashMap<>();
    for (JsonNode c : array(root, "candidates")) {
      String name = text(c, "name");
      names.add(name);
      finals.put(name, number(c, "final"));
      if (c.path("diverged").asBoolean(false)) {
        diverged.add(name);
      }
    }
    List<LagPoint> points = new ArrayList<>();
    for (JsonNode p : array(root, "curve")) {
      List<String> tied = new ArrayList<>();
      p.path("tiedWithPick").forEach(t -> tied.add(t.asText()));
      String undefined = p.path("undefined").asText("");
      points.add(
          new LagPoint(
              p.path("step").asLong(),
              correlation(p, "spearman", undefined),
              correlation(p, "kendall", undefined),
              correlation(p, "pearson", undefined),
              p.path("pick").asText(""),
              p.path("top1").asBoolean(false),
              number(p, "regret"),
              number(p, "relativeRegret"),
              number(p, "regretInNoise"),
              tied));
    }
    return new LagCurveResult(
        names,
        diverged,
        root.path("finalStep").asLong(),
        finals,
        root.path("best").asText(""),
        root.path("scorer").asText(""),
        root.path("metric").asText(""),
        points,
        root.path("stableFrom").asLong(-1),
        root.path("replicas").asInt(1),
        number(root, "seedNoise"),
        root.path("uncertainty").asText(""));
  }

  private static Correlation correlation(JsonNode p, String name, String undefined) {
    double value = number(p, name);
    String reason = Double.isNaN(value) ? (undefined.isEmpty() ? "not recorded" : undefined) : "";
    return new Correlation(
        value, number(p, name + "P"), number(p, name + "Low"), number(p, name + "High"), reason);
  }

  private static Iterable<JsonNode> array(JsonNode root, String field) {
    if (!root.path(field).isArray()) {
      throw new InvalidInputException("field '" + field + "' is missing or not a list");
    }
    return root.get(field);
  }

  private static String text(JsonNode node, String field) {
    if (!node.path(field).isTextual()) {
      throw new InvalidInputException("field '" + field + "' is missing or not a string");
    }
    return node.get(field).asText();
  }

  private static double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
  }

  private static void put(ObjectNode o, String name, Correlation c) {
    JsonNumbers.put(o, name, c.value());
    JsonNumbers.put(o, name + "P", c.pValue());
    if (!name.equals("pearson")) {
      JsonNumbers.put(o, name + "Low", c.ciLow());
      JsonNumbers.put(o, name + "High", c.ciHigh());
    }
  }
}
