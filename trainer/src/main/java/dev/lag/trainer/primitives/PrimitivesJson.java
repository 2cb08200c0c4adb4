package dev.lag.trainer.primitives;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.stats.Proportion;
import java.util.Map;

/**
 * Primitive accuracies as JSON: {@code {mean, perTask, tasks: {LABEL: {accuracy, lower, upper,
 * correct, n, chance, shots}}}}, the layout {@code lag eval --json} and studies write.
 */
public final class PrimitivesJson {
  private PrimitivesJson() {}

  /** The accuracies of one model. */
  public static ObjectNode toJson(
      Map<Primitive, Proportion> accuracy, PrimitiveSuite suite, int seqLen, ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("mean", PrimitiveSuite.mean(accuracy));
    root.put("perTask", suite.perTask());
    ObjectNode tasks = root.putObject("tasks");
    accuracy.forEach(
        (task, p) -> {
          ObjectNode t = tasks.putObject(task.label());
          t.put("accuracy", p.value());
          t.put("lower", p.lower());
          t.put("upper", p.upper());
          t.put("correct", p.successes());
          t.put("n", p.trials());
          t.put("chance", task.chance());
          t.put("shots", suite.shotsThatFit(task, seqLen));
        });
    return root;
  }
}
