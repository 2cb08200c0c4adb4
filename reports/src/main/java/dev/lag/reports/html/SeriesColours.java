package dev.lag.reports.html;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One colour per candidate on every chart of a report: a candidate keeps its colour from the stage
 * charts to the stacking timeline (where {@code fixed:OP} is operator OP), whatever its rank. The
 * schedules that are no candidate have colours of their own: the adaptive schedule black, the
 * from-scratch reference grey.
 */
final class SeriesColours {
  // Okabe-Ito first (distinguishable with the common colour-vision deficiencies), then Tol's
  // muted colours for pools larger than six; never yellow on white.
  private static final String[] PALETTE = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#117733",
    "#999933", "#AA4499", "#44AA99", "#332288"
  };
  private static final Map<String, String> SCHEDULES =
      Map.of("lag", "#000000", "scratch", "#8C8C8C", "raptr", "#A6761D");

  private final Map<String, String> assigned = new LinkedHashMap<>();

  /** The colour of a series named {@code name}. */
  String of(String name) {
    String key = name.replace(" (diverged)", "");
    key = key.startsWith("fixed:") ? key.substring("fixed:".length()) : key;
    String fixed = SCHEDULES.get(key);
    if (fixed != null) {
      return fixed;
    }
    return assigned.computeIfAbsent(key, k -> PALETTE[assigned.size() % PALETTE.length]);
  }
}
