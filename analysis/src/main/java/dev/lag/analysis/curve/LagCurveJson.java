package dev.lag.analysis.curve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
      putNumber(c, "final", r.finalValues().get(name));
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
      putNumber(o, "regret", p.regret());
      putNumber(o, "relativeRegret", p.relativeRegret());
      ArrayNode tied = o.putArray("tiedWithPick");
      p.tiedWithPick().forEach(tied::add);
      if (!p.spearman().defined()) {
        o.put("undefined", p.spearman().undefinedReason());
      }
    }
    return root;
  }

  private static void put(ObjectNode o, String name, Correlation c) {
    putNumber(o, name, c.value());
    putNumber(o, name + "P", c.pValue());
    if (!name.equals("pearson")) {
      putNumber(o, name + "Low", c.ciLow());
      putNumber(o, name + "High", c.ciHigh());
    }
  }

  private static void putNumber(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.putNull(name);
    }
  }
}
