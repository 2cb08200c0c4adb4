package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.schedule.Decay;
import dev.lag.strategies.GrowthException;
import dev.lag.strategies.GrowthOperators;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The user's stage, as the bank's read-only commands ({@code lag bank track}, {@code lag bank
 * horizon}) ask for it: its length after growth and its schedule, checked before the bank is read.
 */
final class BankStageOptions {
  @Option(
      names = "--stage",
      required = true,
      paramLabel = "STEPS",
      description = "Steps in your stage after growth.")
  long stage;

  @Option(
      names = "--schedule",
      paramLabel = "SCHEDULE",
      defaultValue = "cosine",
      description = "Your stage's schedule: cosine (default), wsd(decay=F), linear or constant.")
  String schedule;

  /** The schedule's family, after checking the stage is positive and the schedule parses. */
  Decay.Kind check() {
    if (stage <= 0) {
      throw InvalidInputException.field("--stage", Long.toString(stage), "must be positive");
    }
    // A misspelled schedule is named here, not silently matched by no study.
    return Decay.parse(schedule).kind();
  }

  /** Checks that every operator of a {@code --pool} is one lag knows. */
  static void checkOperators(List<String> operators) {
    for (String op : operators) {
      try {
        GrowthOperators.resolve(op);
      } catch (GrowthException e) {
        throw InvalidInputException.field("--pool", op, e.getMessage());
      }
    }
  }
}
