package dev.lag.selector.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --name} and {@code --bank}: where {@code lag bank add} and {@code import} write a study.
 */
final class BankTargetOptions {
  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description =
          "Its name in the bank: lower case, e.g. embedded-2to4-s1600-cosine (corpus, depths,"
              + " stage and schedule).")
  String name;

  @Option(names = "--bank", paramLabel = "DIR", description = "The bank (default: bank/).")
  Path bank;

  /** The bank folder: the one given, else the repository's. */
  Path bank() {
    return bank == null ? BankCommand.defaultBank() : bank;
  }
}
