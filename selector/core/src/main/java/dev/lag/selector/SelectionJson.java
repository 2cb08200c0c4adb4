package dev.lag.selector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.io.JsonNumbers;

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
      JsonNumbers.put(o, "score", r.score());
      JsonNumbers.put(o, "stdError", r.stdError());
      o.put("stepsTrained", r.stepsTrained());
      o.put("status", r.status().label());
    }
    ObjectNode compute = root.putObject("compute");
    compute.put("steps", s.compute().steps());
    JsonNumbers.put(compute, "tokens", s.compute().tokens());
    JsonNumbers.put(compute, "flops", s.compute().flops());
    JsonNumbers.put(compute, "seconds", s.compute().seconds());
    return root;
  }
}
