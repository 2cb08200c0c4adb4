package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.selector.runners.Worker;
import dev.lag.trainer.config.Devices;
import dev.lag.trainer.engine.Engines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag worker}: a cluster member that trains candidates sent by select, study or stack. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    header = "A Hazelcast member that trains candidate windows.",
    description = {
      "A Hazelcast member that trains candidate windows for lag select, study and stack with --runner hazelcast. Members find each other by an explicit TCP list; the cluster secret comes from --secret-file or $"
          + RunnerOptions.SECRET_ENV
          + ". See README (More than one machine)."
    })
final class WorkerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--cluster",
      defaultValue = "lag",
      description = "Cluster name (default ${DEFAULT-VALUE}).")
  String cluster;

  @Option(
      names = "--members",
      split = ",",
      paramLabel = "HOST:PORT",
      description = "Other members to join (none: this one founds the cluster).")
  List<String> members = new ArrayList<>();

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String bind;

  @Option(
      names = "--port",
      defaultValue = "5701",
      description = "First port to try; the next free one is taken (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "Device the candidates train on (default ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description = "File with the shared secret (else $" + RunnerOptions.SECRET_ENV + ").")
  Path secretFile;

  @Override
  public Integer call() throws Exception {
    Devices.validate(device);
    Engines.device(device); // a GPU that is not there is an error now, not at the first task
    if (port < 1 || port > 65535) {
      throw InvalidInputException.field("--port", port, "must be 1..65535");
    }
    String secret = RunnerOptions.clusterSecret(secretFile);
    Worker worker = Worker.start(cluster, secret, bind, port, members, device);
    spec.commandLine()
        .getOut()
        .printf(
            "lag worker: %s in cluster %s, device %s, %d member(s)%n",
            worker.address(), cluster, device, worker.members());
    spec.commandLine().getOut().flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  worker.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
