package dev.lag.analysis.scoring;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.learn.LeastSquaresRegressor;
import dev.lag.analysis.learn.Regressor;
import dev.lag.analysis.spec.Spec;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Trajectory;
import java.util.List;

/** The scorers by name, as configs and the CLI name them. */
public final class Scorers {
  /** Names accepted by {@link #byName}. */
  public static final List<String> NAMES =
      List.of("last", "eval", "ema", "mean", "powerlaw", "cooldown(c)", "learned", "anneal");

  private Scorers() {}

  /**
   * The scorer called {@code name}, any but {@code learned} (which needs studies to learn from).
   *
   * @param metric the loss it reads (ignored by {@code eval}, which always reads the eval loss)
   */
  public static Scorer byName(String name, Metric metric) {
    return byName(name, metric, List.of(), null);
  }

  /**
   * The scorer called {@code name}.
   *
   * @param metric the loss it reads (ignored by {@code eval}, which always reads the eval loss)
   * @param training earlier completed studies, needed by {@code learned} only
   * @param regressor what {@code learned} fits to them (null: least squares)
   */
  public static Scorer byName(
      String name, Metric metric, List<Trajectory> training, Regressor regressor) {
    java.util.regex.Matcher bare =
        java.util.regex.Pattern.compile("\\s*cooldown\\s*\\(\\s*([^=()]*)\\s*\\)\\s*")
            .matcher(name);
    if (bare.matches()) {
      return cooldown(name, bare.group(1));
    }
    Spec spec = Spec.parse("scorer", name, "cooldown(c=20)");
    if (spec.name().equals("cooldown")) {
      if (spec.arguments().size() != 1 || !spec.arguments().containsKey("c")) {
        throw InvalidInputException.field(
            "--scorer", name, "expected cooldown(c), e.g. cooldown(20)");
      }
      return cooldown(name, spec.arguments().get("c"));
    }
    if (!spec.arguments().isEmpty()) {
      throw InvalidInputException.field("--scorer", name, spec.name() + " takes no arguments");
    }
    return switch (name) {
      case "last" -> new LastValueScorer(metric);
      case "eval" -> new LastValueScorer(Metric.EVAL_LOSS);
      case "ema" -> new EmaScorer(metric, 10);
      case "mean" -> new TrailingMeanScorer(metric, 20);
      case "powerlaw" -> new PowerLawScorer(metric, 0.7);
      case "learned" -> {
        if (training.isEmpty()) {
          throw InvalidInputException.field(
              "--scorer", name, "needs earlier studies to learn from (--train-on DIR)");
        }
        yield LearnedScorer.train(
            training,
            metric,
            new double[] {0.05, 0.1, 0.2, 0.3, 0.5},
            regressor == null ? new LeastSquaresRegressor() : regressor);
      }
      case "anneal" ->
          throw InvalidInputException.field(
              "--scorer",
              name,
              "fits its shared exponent on a bank of studies and reads the stage's schedule:"
                  + " lag select and lag stack take it");
      default ->
          throw InvalidInputException.field(
              "--scorer", name, "unknown; known scorers: " + String.join(", ", NAMES));
    };
  }

  /** {@code cooldown(c)} or {@code cooldown(c=20)}. */
  private static Scorer cooldown(String text, String c) {
    try {
      return new CooldownScorer(Integer.parseInt(c.trim()));
    } catch (NumberFormatException e) {
      throw InvalidInputException.field("cooldown(c)", c, "c must be a whole number of steps");
    }
  }
}
