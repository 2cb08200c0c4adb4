package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lag} command line: one sub-command per job. */
@Command(
    name = "lag",
    mixinStandardHelpOptions = true,
    versionProvider = LagCli.Version.class,
    description = "Landscape-aware growing: choose how to grow a transformer during pretraining.",
    subcommands = {
      TrainCommand.class,
      EvalCommand.class,
      AnalyzeCommand.class,
      OpsCommand.class,
      GrowCommand.class,
      SelectCommand.class,
      StudyCommand.class,
      StackCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      ReportCommand.class,
      ServeCommand.class,
      WorkerCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LagCli implements Runnable {
  /** Exit code for a user mistake (bad flag, bad config, missing file). */
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured picocli command line: user errors print one line and exit 2. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LagCli());
    cli.setExecutionExceptionHandler(LagCli::handle);
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          PrintWriter err = ex.getCommandLine().getErr();
          err.println("lag: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          return USAGE;
        });
    return cli;
  }

  private static int handle(Exception ex, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    Throwable cause = ex;
    while (cause instanceof UncheckedIOException
        || cause instanceof java.util.concurrent.CompletionException) {
      if (cause.getCause() == null) {
        break;
      }
      cause = cause.getCause();
    }
    if (cause instanceof InvalidInputException) {
      err.println("lag: error: " + cause.getMessage());
      return USAGE;
    }
    if (cause instanceof java.nio.file.NoSuchFileException nsf) {
      err.println("lag: error: no such file: " + nsf.getFile());
      return USAGE;
    }
    err.println("lag: internal error (please report it with the trace below)");
    ex.printStackTrace(err);
    return 1;
  }

  /** Prints the lag version and the engine it runs on. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "lag " + dev.lag.analysis.io.Provenance.currentLagVersion(),
        "Java " + System.getProperty("java.version")
      };
    }
  }
}
