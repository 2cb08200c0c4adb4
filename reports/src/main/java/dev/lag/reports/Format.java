package dev.lag.reports;

import dev.lag.analysis.trajectory.Metric;
import java.util.Locale;

/** How numbers read in every report format: the same digits in HTML, Markdown and the console. */
public final class Format {
  private Format() {}

  /** A loss: four decimals, or an en dash when unknown. */
  public static String loss(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "–";
  }

  /** A loss with its standard error: {@code 1.2345 ± 0.0012}. */
  public static String lossWithError(double v, double stdError) {
    return Double.isFinite(stdError)
        ? loss(v) + " ± " + String.format(Locale.ROOT, "%.4f", stdError)
        : loss(v);
  }

  /** A difference with its interval: {@code +0.0123 [+0.0040, +0.0210]}; "–" for the leader. */
  public static String difference(double d, double low, double high) {
    if (!Double.isFinite(d) || d == 0 && low == 0 && high == 0) {
      return "–";
    }
    return Double.isFinite(low)
        ? String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", d, low, high)
        : String.format(Locale.ROOT, "%+.4f", d);
  }

  /** A ratio with two decimals: {@code 0.43}; "–" when unknown. */
  public static String ratio(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "–";
  }

  /** FLOPs in engineering form: {@code 1.84e11}. */
  public static String flops(double v) {
    if (!Double.isFinite(v)) {
      return "–";
    }
    if (v == 0) {
      return "0";
    }
    int exp = (int) Math.floor(Math.log10(Math.abs(v)));
    return String.format(Locale.ROOT, "%.2fe%d", v / Math.pow(10, exp), exp);
  }

  /** A metric's label as people read it: {@code eval loss}, {@code primitive error rate}. */
  public static String metric(String label) {
    return Metric.parse(label).describe();
  }

  /** An unsigned share in percent with one decimal: {@code 37.5%}; a dash when unknown. */
  public static String share(double fraction) {
    return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.1f%%", 100 * fraction) : "–";
  }

  /** A signed percentage: {@code +22%}. */
  public static String percent(double fraction) {
    return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%+.0f%%", 100 * fraction) : "–";
  }

  /** A correlation with two decimals. */
  public static String correlation(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.2f", v) : "–";
  }

  /** A correlation and its interval: {@code +0.60 [+0.20, +0.90]}. */
  public static String interval(double v, double low, double high) {
    if (!Double.isFinite(v)) {
      return "–";
    }
    if (!Double.isFinite(low) || !Double.isFinite(high)) {
      return correlation(v);
    }
    return correlation(v) + " [" + correlation(low) + ", " + correlation(high) + "]";
  }

  /** A p-value: three significant digits, {@code <0.001} below that. */
  public static String pValue(double p) {
    if (!Double.isFinite(p)) {
      return "–";
    }
    return p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
  }
}
