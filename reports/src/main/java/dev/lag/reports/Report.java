package dev.lag.reports;

import java.util.List;

/**
 * Everything one {@code lag report} call shows: the runs that could be read, in input order, and
 * the inputs that could not, with the reason.
 *
 * @param title the page title
 * @param runs the runs, each with its own section
 * @param skipped inputs left out, with the reason (listed in every output format)
 * @param generatedBy lag version and time the report was made, for the footer
 */
public record Report(
    String title, List<RunReport> runs, List<SkippedInput> skipped, String generatedBy) {

  /** Whether any run made it into the report. */
  public boolean isEmpty() {
    return runs.isEmpty();
  }
}
