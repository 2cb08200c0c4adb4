package dev.lag.selector.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.spec.Spec;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.selector.Candidate;
import dev.lag.selector.policy.Policies;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What {@code POST /v1/selections} asks for: the pool, the policy, the scorer and the step the
 * scores predict. Validated whole on arrival, so a bad field is a 400 that names it, never a
 * failure later.
 *
 * @param candidates candidate names, in pool order
 * @param specs growth specs by candidate, for those that gave one (checked against {@code lag ops})
 * @param policy {@code fixed-lag(k=..)}, {@code successive-halving(r=.., eta=..)} or {@code
 *     stable-ranking(..)}
 * @param scorer a scorer name ({@code last}, {@code ema}, {@code mean}, {@code powerlaw})
 * @param metric {@code train} or {@code eval}: which reported loss is scored
 * @param finalStep the step the scores predict (the end of the stage)
 */
public record SelectionRequest(
    List<String> candidates,
    Map<String, String> specs,
    String policy,
    String scorer,
    String metric,
    long finalStep) {

  /** Checks a growth spec's syntax only: a served selection never grows anything itself. */
  public static final Consumer<String> SYNTAX =
      spec -> Spec.parse("growth spec", spec, "midas(b=2, optimizer=copy)");

  /**
   * Parses and validates a request body.
   *
   * @param specCheck checks a candidate's growth spec, throwing {@link InvalidInputException} when
   *     it is bad ({@link #SYNTAX}: its syntax only; {@code lag serve} checks lag's operators too)
   */
  public static SelectionRequest fromJson(JsonNode body, Consumer<String> specCheck) {
    if (body == null || !body.isObject()) {
      throw new InvalidInputException("body: expected a JSON object");
    }
    JsonNode list = body.path("candidates");
    if (!list.isArray() || list.isEmpty()) {
      throw InvalidInputException.field("candidates", list, "give a non-empty list");
    }
    List<String> names = new ArrayList<>();
    Map<String, String> specs = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (JsonNode c : list) {
      String name;
      if (c.isTextual()) {
        name = c.asText();
      } else if (c.isObject() && c.path("name").isTextual()) {
        name = c.get("name").asText();
        if (c.has("spec")) {
          String spec = c.path("spec").asText();
          try {
            specCheck.accept(spec);
          } catch (InvalidInputException e) {
            throw new InvalidInputException(
                "candidates[" + names.size() + "].spec=" + spec + ": " + e.getMessage());
          }
          specs.put(name, spec);
        }
      } else {
        throw InvalidInputException.field(
            "candidates", c, "each is a name or {\"name\": .., \"spec\": ..}");
      }
      Candidate.checkName(name);
      if (!seen.add(name)) {
        throw InvalidInputException.field("candidates", name, "duplicate candidate name");
      }
      names.add(name);
    }
    String policy = text(body, "policy", "fixed-lag(k=50)");
    Policies.parse(policy);
    String metric = text(body, "metric", "train");
    Metric.parse(metric);
    String scorer = text(body, "scorer", "last");
    Scorers.byName(scorer, Metric.parse(metric));
    JsonNode fs = body.path("finalStep");
    if (!fs.isIntegralNumber() || fs.asLong() <= 0) {
      throw InvalidInputException.field("finalStep", fs, "give a positive whole number of steps");
    }
    return new SelectionRequest(names, specs, policy, scorer, metric, fs.asLong());
  }

  /** The request as JSON ({@code request.json} in the state directory). */
  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode o = json.createObjectNode();
    ArrayNode list = o.putArray("candidates");
    for (String name : candidates) {
      if (specs.containsKey(name)) {
        list.addObject().put("name", name).put("spec", specs.get(name));
      } else {
        list.add(name);
      }
    }
    o.put("policy", policy);
    o.put("scorer", scorer);
    o.put("metric", metric);
    o.put("finalStep", finalStep);
    return o;
  }

  private static String text(JsonNode body, String field, String fallback) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw InvalidInputException.field(field, v, "expected a string");
    }
    return v.asText();
  }
}
