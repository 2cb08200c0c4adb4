package dev.lag.selector.experiments.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.io.JsonNumbers;
import dev.lag.selector.SelectionJson;

/**
 * {@code stack.json}, schema version 1: {@code schemaVersion, config, stageSteps, stages: [{stage,
 * depth, steps, overheadFlops, selection}], scratchFinalLoss, contenders: [{name, finalEvalLoss,
 * kind, flops, overheadFlops, flopsToScratchLoss, savingVsScratch}]}. {@code kind} is {@code lag},
 * {@code scratch}, {@code raptr} or {@code fixed}. {@code savingVsScratch} is 1 minus the
 * contender's FLOPs to reach the scratch model's final loss (selection overhead included) over the
 * scratch model's FLOPs; null when it never reached it.
 */
public final class StackJson {
  /** Version of the layout above. */
  public static final int SCHEMA_VERSION = 1;

  private StackJson() {}

  /** The config as stack.json and run.json record it: every run-config key and the stack keys. */
  public static ObjectNode configJson(StackConfig config, ObjectMapper json) {
    ObjectNode c = config.run().toJson(json);
    c.set("depths", json.valueToTree(config.depths()));
    c.put("budgetTokens", config.budgetTokens());
    c.put("budgetFlops", config.budgetFlops());
    c.put("stageSchedule", config.schedule());
    c.put("lrScope", config.lrScope().label());
    c.put("alpha", config.alpha());
    c.put("policy", config.policy());
    c.set("pool", json.valueToTree(config.pool()));
    c.put("scorer", config.scorer());
    c.put("metric", config.metric());
    c.put("baselines", config.baselines());
    c.put("raptr", config.raptr());
    c.put("bank", config.bank());
    return c;
  }

  /** The JSON object of a stacking run. */
  public static ObjectNode toJson(StackConfig config, StackResult r, ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.set("config", configJson(config, json));
    root.set("stageSteps", json.valueToTree(config.stageSteps()));
    ArrayNode stages = root.putArray("stages");
    for (StackResult.Stage s : r.stages()) {
      ObjectNode o = stages.addObject();
      o.put("stage", s.stage());
      o.put("depth", s.depth());
      o.put("steps", s.steps());
      JsonNumbers.put(o, "overheadFlops", s.overheadFlops());
      o.set("selection", SelectionJson.toJson(s.selection(), json));
    }
    JsonNumbers.put(root, "scratchFinalLoss", r.scratchFinal());
    ArrayNode contenders = root.putArray("contenders");
    for (StackResult.Contender x : r.contenders()) {
      ObjectNode o = contenders.addObject();
      o.put("name", x.name());
      o.put("kind", x.kind().label());
      JsonNumbers.put(o, "finalEvalLoss", x.finalEvalLoss());
      JsonNumbers.put(o, "flops", x.flops());
      JsonNumbers.put(o, "overheadFlops", x.overheadFlops());
      JsonNumbers.put(o, "flopsToScratchLoss", x.flopsToScratchLoss());
      JsonNumbers.put(o, "savingVsScratch", x.savingVsScratch());
    }
    return root;
  }
}
