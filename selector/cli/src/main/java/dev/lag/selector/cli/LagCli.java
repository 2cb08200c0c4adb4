package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.trainer.train.RunInterruptedException;
import dev.lag.trainer.train.StopRequest;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
      BankCommand.class,
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

  /** Exit code of a run stopped by SIGTERM or Ctrl-C, whose finished work is kept. */
  public static final int INTERRUPTED = 130;

  /**
   * How long a signal waits for the command to stop at a step boundary and write its records. A
   * step of the models lag trains on a CPU takes well under a second to a few seconds; past this
   * the process is stuck (a step that never ends), and the JVM exits anyway: run.json then still
   * says running, which --resume continues like an interrupted run. A user who sends SIGTERM
   * expects lag gone in seconds, not minutes.
   */
  private static final long STOP_GRACE_SECONDS = 15;

  /** Runs the CLI and exits with its code (the signal's, when a signal stopped it). */
  public static void main(String[] args) {
    SignalStop signals =
        new SignalStop(TimeUnit.SECONDS.toMillis(STOP_GRACE_SECONDS), Runtime.getRuntime()::halt);
    signals.install();
    // Any other end of the JVM while the command runs (SIGHUP when the terminal closes, say) still
    // asks it to stop at the next step boundary and waits for its records.
    CountDownLatch finished = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  StopRequest.raise("stopped by a signal");
                  try {
                    finished.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "lag-stop"));
    int code;
    try {
      code = execute(args);
    } finally {
      finished.countDown();
    }
    System.exit(signals.status() != 0 ? signals.status() : code);
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
    if (cause instanceof RunInterruptedException) {
      err.println("lag: " + cause.getMessage());
      return INTERRUPTED;
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
