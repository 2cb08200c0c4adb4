package dev.lag.reports.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.curve.LagCurveResult;
import dev.lag.analysis.curve.LagPoint;
import dev.lag.analysis.stats.Correlation;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.reports.Contender;
import dev.lag.reports.RunReport;
import dev.lag.reports.StageReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The data of every chart in a report, as the page's script reads it: one shared x array per chart
 * (uPlot's aligned layout) and one values array per series, null where a series has no point.
 *
 * <pre>
 * { id, kind: loss|lagcurve|timeline, title, xLabel, yLabel, x: [...],
 *   series: [{label, colour, values, pick?, tied?, low?, high?, axis?, stepped?}],
 *   shade?: [from, to], marks?: [{x, label}], yZoom?: [low, high] }
 * </pre>
 */
final class ChartSpecs {
  private final ObjectMapper json;
  private final SeriesColours colours = new SeriesColours();

  ChartSpecs(ObjectMapper json) {
    this.json = json;
  }

  /** Every chart of a run, in page order. */
  List<ObjectNode> of(RunReport run) {
    List<ObjectNode> charts = new ArrayList<>();
    if (!run.contenders().isEmpty()) {
      charts.add(timeline(run));
    }
    for (StageReport s : run.stages()) {
      if (!s.trajectories().isEmpty()) {
        charts.add(losses(run, s));
      }
    }
    if (run.lagCurve() != null && !run.lagCurve().points().isEmpty()) {
      charts.add(lagCurve(run));
    }
    return charts;
  }

  /** The id of a stage's loss chart: the template places the chart by it. */
  static String lossId(RunReport run, StageReport s) {
    return run.id() + "-stage-" + s.stage();
  }

  private ObjectNode losses(RunReport run, StageReport s) {
    Metric metric = drawable(s.trajectories(), Metric.parse(s.metric()));
    String yLabel =
        metric.label().equals(s.metric())
            ? s.metric() + " loss"
            : metric.label() + " loss (" + s.metric() + " too sparse)";
    ObjectNode chart = chart(lossId(run, s), "loss", "step (since growth)", yLabel);
    chart.put(
        "title",
        s.winner().isEmpty()
            ? "Loss curve"
            : String.format(
                Locale.ROOT,
                "%s: %s loss of every candidate (lag window shaded, pick bold)",
                s.title(),
                metric.label()));
    TreeSet<Long> steps = new TreeSet<>();
    List<Trajectory.Series> series = new ArrayList<>();
    for (Trajectory t : s.trajectories()) {
      Trajectory.Series ts = t.series(t.has(metric) ? metric : Metric.TRAIN_LOSS);
      series.add(ts);
      for (long x : ts.steps()) {
        steps.add(x);
      }
    }
    long[] xs = steps.stream().mapToLong(Long::longValue).toArray();
    putLongs(chart.putArray("x"), xs);
    ArrayNode out = chart.putArray("series");
    for (int i = 0; i < series.size(); i++) {
      Trajectory t = s.trajectories().get(i);
      ObjectNode o = out.addObject();
      o.put("label", t.name() + (t.diverged() ? " (diverged)" : ""));
      o.put("colour", colours.of(t.name()));
      o.put("pick", t.name().equals(s.winner()));
      o.put("tied", s.tied().contains(t.name()));
      aligned(o.putArray("values"), xs, series.get(i));
    }
    if (!s.winner().isEmpty() && s.lag() > 0) {
      ArrayNode shade = chart.putArray("shade");
      shade.add(0).add(s.lag());
      mark(chart, s.lag(), "lag k = " + s.lag());
    }
    return chart;
  }

  /** The ranking metric, or train loss when some curve has a single point of it: no line. */
  private static Metric drawable(List<Trajectory> pool, Metric metric) {
    boolean sparse = pool.stream().anyMatch(t -> t.series(metric).size() < 2);
    boolean trainBetter = pool.stream().allMatch(t -> t.series(Metric.TRAIN_LOSS).size() >= 2);
    return sparse && trainBetter ? Metric.TRAIN_LOSS : metric;
  }

  private ObjectNode lagCurve(RunReport run) {
    LagCurveResult c = run.lagCurve();
    ObjectNode chart =
        chart(
            run.id() + "-lagcurve",
            "lagcurve",
            "lag k (steps after growth)",
            "rank correlation with the final " + c.metric() + " loss");
    chart.put(
        "title",
        "Lag curve: how well the ranking at lag k predicts the final ranking (95% bootstrap band)");
    List<LagPoint> points = c.points();
    putLongs(chart.putArray("x"), points.stream().mapToLong(LagPoint::step).toArray());
    ArrayNode series = chart.putArray("series");
    correlation(
        series.addObject().put("colour", "#0072B2"), "Spearman ρ", points, LagPoint::spearman);
    correlation(
        series.addObject().put("colour", "#D55E00"), "Kendall τ", points, LagPoint::kendall);
    mark(chart, 0, "k = 0 (growth)");
    return chart;
  }

  private void correlation(
      ObjectNode o, String label, List<LagPoint> points, Function<LagPoint, Correlation> get) {
    o.put("label", label);
    ArrayNode values = o.putArray("values");
    ArrayNode low = o.putArray("low");
    ArrayNode high = o.putArray("high");
    for (LagPoint p : points) {
      Correlation r = get.apply(p);
      number(values, r.value());
      number(low, r.ciLow());
      number(high, r.ciHigh());
    }
  }

  private ObjectNode timeline(RunReport run) {
    ObjectNode chart =
        chart(
            run.id() + "-timeline",
            "timeline",
            "training FLOPs (selection overhead included)",
            "eval loss");
    chart.put(
        "title",
        "Adaptive stacking vs baselines on the same budget: eval loss and depth against FLOPs");
    TreeSet<Double> flops = new TreeSet<>();
    for (Contender c : run.contenders()) {
      c.path().forEach(p -> flops.add(p.flops()));
    }
    double[] xs = flops.stream().mapToDouble(Double::doubleValue).toArray();
    ArrayNode x = chart.putArray("x");
    for (double v : xs) {
      x.add(v);
    }
    ArrayNode series = chart.putArray("series");
    double low = Double.POSITIVE_INFINITY;
    double finalsHigh = Double.NEGATIVE_INFINITY;
    for (Contender c : run.contenders()) {
      ObjectNode o = series.addObject();
      o.put("label", c.name());
      o.put("colour", colours.of(c.name()));
      o.put("pick", c.name().equals("lag"));
      for (Contender.TimelinePoint p : c.path()) {
        low = Math.min(low, p.evalLoss());
      }
      if (Double.isFinite(c.finalEvalLoss())) {
        finalsHigh = Math.max(finalsHigh, c.finalEvalLoss());
      }
      ArrayNode values = o.putArray("values");
      int j = 0;
      for (double v : xs) {
        while (j < c.path().size() && c.path().get(j).flops() < v) {
          j++;
        }
        if (j < c.path().size() && c.path().get(j).flops() == v) {
          values.add(c.path().get(j).evalLoss());
        } else {
          values.addNull();
        }
      }
    }
    run.contenders().stream()
        .filter(c -> c.name().equals("lag"))
        .findFirst()
        .ifPresent(lag -> depth(series.addObject(), xs, lag));
    // The finals decide, and they differ by a percent where the curves fell by orders: the page
    // opens on the range from the lowest loss to a little above the highest final one.
    if (Double.isFinite(low) && Double.isFinite(finalsHigh) && finalsHigh > low) {
      double spread = finalsHigh - low;
      chart
          .putArray("yZoom")
          .add(low - spread * 0.2)
          .add(finalsHigh + Math.max(spread * 1.5, 0.01 * finalsHigh));
    }
    return chart;
  }

  /** The adaptive schedule's depth on the right axis: a step function of FLOPs. */
  private static void depth(ObjectNode o, double[] xs, Contender lag) {
    o.put("label", "depth of lag (layers)");
    o.put("axis", "depth");
    o.put("stepped", true);
    ArrayNode values = o.putArray("values");
    int j = 0;
    for (double v : xs) {
      while (j + 1 < lag.path().size() && lag.path().get(j + 1).flops() <= v) {
        j++;
      }
      boolean inside = !lag.path().isEmpty() && v <= lag.path().get(lag.path().size() - 1).flops();
      if (inside) {
        values.add(lag.path().get(j).depth());
      } else {
        values.addNull();
      }
    }
  }

  private ObjectNode chart(String id, String kind, String xLabel, String yLabel) {
    ObjectNode chart = json.createObjectNode();
    chart.put("id", id);
    chart.put("kind", kind);
    chart.put("xLabel", xLabel);
    chart.put("yLabel", yLabel);
    return chart;
  }

  private static void mark(ObjectNode chart, double x, String label) {
    ArrayNode marks = chart.has("marks") ? (ArrayNode) chart.get("marks") : chart.putArray("marks");
    marks.addObject().put("x", x).put("label", label);
  }

  private static void aligned(ArrayNode out, long[] xs, Trajectory.Series s) {
    int j = 0;
    for (long x : xs) {
      while (j < s.size() && s.steps()[j] < x) {
        j++;
      }
      if (j < s.size() && s.steps()[j] == x) {
        number(out, s.values()[j]);
      } else {
        out.addNull();
      }
    }
  }

  private static void putLongs(ArrayNode out, long[] xs) {
    for (long x : xs) {
      out.add(x);
    }
  }

  private static void number(ArrayNode out, double v) {
    if (Double.isFinite(v)) {
      out.add(v);
    } else {
      out.addNull();
    }
  }
}
