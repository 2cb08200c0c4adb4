package dev.lag.reports;

/**
 * An input, or a record inside one, that a report left out or only partly used.
 *
 * @param input the path as given
 * @param reason why, in words that name the file and the problem
 */
public record SkippedInput(String input, String reason) {}
