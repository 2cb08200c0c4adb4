package dev.lag.selector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code selection.json}, schema version 1: {@code schemaVersion, winner, lag, reason, policy,
 * scorer, tiedWithWinner, ranking: [{rank, name, score, stdError, stepsTrained, status}], compute:
 * {steps, tokens, flops, seconds}}. Non-finite numbers are null.
 */
public final class SelectionJson {
  /** Version of the layout above. */
  public static final int SCHEMA_VERSION = 1;

  private SelectionJson() {}

  /** The JSON object of a selection. */
  public static ObjectNode toJson(Selection s, ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("winner", s.winner());
    root.put("lag", s.lag());
    root.put("reason", s.reason());
    root.put("policy", s.policy());
    root.put("scorer", s.scorer());
    ArrayNode tied = root.putArray("tiedWithWinner");
    s.tiedWithWinner().forEach(tied::add);
    ArrayNode ranking = root.putArray("ranking");
    for (Selection.Ranked r : s.ranking()) {
      ObjectNode o = ranking.addObject();
      o.put("rank", r.rank());
      o.put("name", r.name());
      number(o, "score", r.score());
      number(o, "stdError", r.stdError());
      o.put("stepsTrained", r.stepsTrained());
      o.put("status", r.status());
    }
    ObjectNode compute = root.putObject("compute");
    compute.put("steps", s.compute().steps());
    number(compute, "tokens", s.compute().tokens());
    number(compute, "flops", s.compute().flops());
    number(compute, "seconds", s.compute().seconds());
    return root;
  }

  private static void number(ObjectNode o, String field, double v) {
    if (Double.isFinite(v)) {
      o.put(field, v);
    } else {
      o.putNull(field);
    }
  }
}
