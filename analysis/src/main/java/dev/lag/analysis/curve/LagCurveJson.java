package dev.lag.analysis.curve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.io.JsonNumbers;
import dev.lag.analysis.stats.Correlation;

/**
 * The versioned JSON form of a lag curve ({@code lag analyze --out}, and the core of {@code
 * study.json}). Schema version 1:
 *
 * <pre>
 * { schemaVersion: 1, scorer, metric, finalStep, best, stableFrom,
 *   candidates: [{name, final, diverged}],
 *   curve: [{step, spearman, spearmanP, spearmanLow, spearmanHigh, kendall, kendallP, kendallLow,
 *            kendallHigh, pearson, pearsonP, pick, top1, regret, relativeRegret, tiedWithPick,
 *            undefined?}] }
 * </pre>
 *
 * Undefined values (a correlation of fewer than 3 candidates, a diverged final) are JSON null.
 */
public final class LagCurveJson {
  /** Version of the layout above. */
  public static final int SCHEMA_VERSION = 1;

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
      ArrayNode tied = o.putArray("tiedWithPick");
      p.tiedWithPick().forEach(tied::add);
      if (!p.spearman().defined()) {
        o.put("undefined", p.spearman().undefinedReason());
      }
    }
    return root;
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
