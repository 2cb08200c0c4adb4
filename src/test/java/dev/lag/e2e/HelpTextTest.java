package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.lag.selector.cli.LagCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders cleanly: picocli reads descriptions as format strings, so a bare
 * {@code %} in one prints warnings to the user's terminal instead of the text.
 */
class HelpTextTest {
  @Test
  void everyCommandsHelpRendersWithoutWarnings() {
    List<CommandLine> all = new ArrayList<>();
    collect(LagCli.commandLine(), all);
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      for (CommandLine c : all) {
        String usage = c.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertFalse(usage.contains("%n"), c.getCommandName() + ": " + usage);
      }
    } finally {
      System.setErr(saved);
    }
    assertEquals("", err.toString(StandardCharsets.UTF_8), "picocli warnings");
    assertFalse(all.size() < 15, "every command and subcommand: " + all.size());
  }

  private static void collect(CommandLine c, List<CommandLine> out) {
    out.add(c);
    c.getSubcommands().values().stream().distinct().forEach(s -> collect(s, out));
  }
}
