package dev.lag.strategies;

import dev.lag.analysis.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The registry: every operator by its stable name, with a description and its citation. */
public final class GrowthOperators {
  /**
   * One registered operator.
   *
   * @param name stable name used in specs
   * @param description one line
   * @param citation where it comes from
   * @param parameters its own parameters with their defaults ({@code b=1}), besides the modifiers
   * @param factory builds it from its parameters
   * @param inDefaultPool whether the default pool holds it: every depth operator that needs no
   *     argument and fits any pair of depths (map needs its layers; solar cannot reach an odd depth
   *     and is stack-all at a doubling; the freeze and ramp modifiers take a length in steps that
   *     only the stage can set)
   */
  public record Entry(
      String name,
      String description,
      String citation,
      List<String> parameters,
      Function<Map<String, String>, GrowthOperator> factory,
      boolean inDefaultPool) {}

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

  static {
    add(
        "stack-all",
        "the whole stack on top of itself: [0..L-1, 0..L-1]",
        "Gong et al., ICML 2019 (progressive stacking)",
        List.of(),
        p -> new StackAll());
    add(
        "stack-top",
        "keep all layers, then copies of the top L'-L: [0..L-1, L-k..L-1]",
        "Reddi et al., ICML 2023 (gradual stacking)",
        List.of(),
        p -> new StackTop());
    add(
        "midas",
        "insert a copy of the middle block of b layers after it, repeatedly",
        "Saunshi et al., NeurIPS 2024 (MIDAS)",
        List.of("b=1"),
        p -> new Midas(integer(p, "b", 1)));
    add(
        "stack-bottom",
        "keep all layers, then copies of the bottom L'-L: [0..L-1, 0..k-1]",
        "control in the stacking literature",
        List.of(),
        p -> new StackBottom());
    add(
        "interleave",
        "duplicate layers in place from the bottom: [0, 0, 1, 1, ...]",
        "interwoven insertion, follow-ups of MIDAS",
        List.of(),
        p -> new Interleave());
    add(
        "random-new",
        "keep all layers, add freshly initialised layers on top",
        "Du et al., 2024 (G_random)",
        List.of(),
        p -> new RandomNew());
    add(
        "zero-new",
        "keep all layers, add layers with zero output projections (function-preserving)",
        "Du et al., 2024 (G_zero); Chen et al., ICLR 2016 (Net2DeeperNet)",
        List.of(),
        p -> new ZeroNew());
    add(
        "widen",
        "clone the residual stream to f x dModel; logits unchanged; optimizer=copy rescales the moments",
        "Samragh et al., 2024 (HyperCloning); Chen et al., ICLR 2016 (Net2WiderNet)",
        List.of(),
        p -> new Widen());
    ENTRIES.put(
        "map",
        new Entry(
            "map",
            "target layer i is a copy of source layer layers[i]: any pattern",
            "index maps of the prts stacking code; stack-all, stack-top, interleave are special cases",
            List.of("layers=[]"),
            p -> IndexMap.parse(p.get("layers")),
            false));
    ENTRIES.put(
        "solar",
        new Entry(
            "solar",
            "two copies, the last m layers of one and the first m of the other dropped: 2L-2m layers",
            "Kim et al., 2023 (SOLAR depth up-scaling)",
            List.of("m=auto"),
            p -> p.containsKey("m") ? new Solar(integer(p, "m", 0)) : new Solar(),
            false));
    ENTRIES.put(
        "copy-zero",
        new Entry(
            "copy-zero",
            "after each of L'-L groups, a copy of its last layer with zero output projections",
            "Wu et al., 2024 (LLaMA-Pro); Wang et al., 2023 (LEMON)",
            List.of(),
            p -> new CopyZero(),
            true));
  }

  private GrowthOperators() {}

  private static void add(
      String name,
      String description,
      String citation,
      List<String> params,
      Function<Map<String, String>, GrowthOperator> factory) {
    ENTRIES.put(
        name, new Entry(name, description, citation, params, factory, !name.equals("widen")));
  }

  /** Every operator, in documentation order. */
  public static List<Entry> all() {
    return new ArrayList<>(ENTRIES.values());
  }

  /**
   * The names of the depth operators of the default pool: the eight that need no argument and fit
   * any pair of depths.
   */
  public static List<String> depthOperators() {
    return ENTRIES.values().stream().filter(Entry::inDefaultPool).map(Entry::name).toList();
  }

  /**
   * Resolves a spec such as {@code midas(b=2, optimizer=copy, noise=0.01)}. Unknown operators list
   * the known names; unknown arguments list the accepted ones.
   */
  public static Growth resolve(String text) {
    Spec spec = Spec.parse("growth spec", text, "midas(b=2, optimizer=copy)");
    Entry entry = ENTRIES.get(spec.name());
    if (entry == null) {
      throw new GrowthException(
          "unknown growth operator '"
              + spec.name()
              + "'; known: "
              + String.join(", ", ENTRIES.keySet()));
    }
    Map<String, String> own = new LinkedHashMap<>();
    List<String> ownKeys =
        entry.parameters().stream().map(p -> p.substring(0, p.indexOf('='))).toList();
    for (Map.Entry<String, String> a : spec.arguments().entrySet()) {
      if (ownKeys.contains(a.getKey())) {
        own.put(a.getKey(), a.getValue());
      } else if (!Modifiers.KEYS.contains(a.getKey())) {
        List<String> accepted = new ArrayList<>(ownKeys);
        accepted.addAll(Modifiers.KEYS);
        throw new GrowthException(
            "growth spec '"
                + text
                + "': unknown argument '"
                + a.getKey()
                + "'; "
                + spec.name()
                + " accepts "
                + accepted);
      }
    }
    return new Growth(spec, entry.factory().apply(own), modifiers(spec));
  }

  private static Modifiers modifiers(Spec spec) {
    Map<String, String> a = spec.arguments();
    return new Modifiers(
        GrowthOptimizer.parse(a.getOrDefault("optimizer", "reset")),
        bool(a, "keepStep"),
        number(a, "noise", 0),
        integer(a, "rewarmup", -1),
        (long) number(a, "seed", 0),
        steps(a, "freeze"),
        steps(a, "ramp"));
  }

  /** A modifier that counts steps: absent is 0 (off); given, it must be at least one step. */
  private static int steps(Map<String, String> a, String key) {
    int n = integer(a, key, 0);
    if (a.containsKey(key) && n < 1) {
      throw new GrowthException(key + "=" + a.get(key) + ": must be >= 1 step (omit it for none)");
    }
    return n;
  }

  private static boolean bool(Map<String, String> a, String key) {
    String v = a.getOrDefault(key, "false");
    if (!v.equals("true") && !v.equals("false")) {
      throw new GrowthException(key + "=" + v + ": must be true or false");
    }
    return Boolean.parseBoolean(v);
  }

  private static double number(Map<String, String> a, String key, double fallback) {
    String v = a.get(key);
    try {
      return v == null ? fallback : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new GrowthException(key + "=" + v + ": not a number");
    }
  }

  private static int integer(Map<String, String> a, String key, int fallback) {
    String v = a.get(key);
    try {
      return v == null ? fallback : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new GrowthException(key + "=" + v + ": not a whole number");
    }
  }
}
