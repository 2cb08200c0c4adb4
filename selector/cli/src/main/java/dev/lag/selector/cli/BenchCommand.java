package dev.lag.selector.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code lag bench}: the benchmarks, one sub-command each; figures are printed, never asserted. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    header =
        "Benchmarks: training step, lag curve, service, selection, batched candidates, per-op profile.",
    description = {
      "Each prints its figures and, where there is one, a ratio against a peer in the same run: step (training-step speed against PyTorch), analysis (the lag curve's cost), serve (reports per second over HTTP), selection (scorers and policies judged on studies), candidates (K candidates as one batch against one after another), profile (where a step's time goes, per PyTorch op, one model against K batched)."
    },
    subcommands = {
      StepBenchCommand.class,
      AnalysisBenchCommand.class,
      ServeBenchCommand.class,
      SelectionBenchCommand.class,
      CandidatesBenchCommand.class,
      ProfileBenchCommand.class
    })
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
