package dev.lag.selector.cli;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.StudyBank;
import dev.lag.selector.runners.djl.Growths;
import dev.lag.selector.serve.LagServer;
import dev.lag.selector.serve.LagService;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lag serve}: LAG over HTTP for training loops in any language. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    header = "LAG over HTTP for training loops in any language.",
    description = {
      "A local HTTP/JSON service: training loops (Python, say) create a selection, report each candidate's losses, ask whether to continue, and read the pick.",
      "Selections are recorded in --state as run directories (lag report reads them); a restart resumes them all. API: README (Serving) and GET /v1/openapi.json."
    })
final class ServeCommand implements Callable<Integer> {
  /** Where the token comes from when no file is given. */
  static final String TOKEN_ENV = "LAG_SERVE_TOKEN";

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8421",
      description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address (default ${DEFAULT-VALUE}); any other needs a token.")
  String bind;

  @Option(
      names = "--state",
      defaultValue = "runs/serve",
      paramLabel = "DIR",
      description = "Where selections are recorded and resumed from (default ${DEFAULT-VALUE}).")
  Path state;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "File holding the bearer token (else $" + TOKEN_ENV + "; never on the command line).")
  Path tokenFile;

  @Option(
      names = "--max-body",
      defaultValue = "1048576",
      paramLabel = "BYTES",
      description = "Largest request body (default ${DEFAULT-VALUE}).")
  int maxBody;

  @Option(
      names = "--bank",
      paramLabel = "DIR|none",
      description =
          "Earlier studies that the hedged policy and the anneal and learned scorers weigh"
              + " (default: lag's own bank/, read the first time a selection needs it); none for"
              + " no bank.")
  String bank;

  @Option(
      names = "--threads",
      defaultValue = "8",
      description = "Request threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw InvalidInputException.field("--port", port, "must be 0..65535");
    }
    if (maxBody < 1024) {
      throw InvalidInputException.field("--max-body", maxBody, "must be at least 1024");
    }
    if (threads < 1) {
      throw InvalidInputException.field("--threads", threads, "must be at least 1");
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw InvalidInputException.field("--bind", bind, "not an address of this machine");
    }
    OutputPaths.folder(state, "--state");
    LagService service;
    if (bank == null) {
      service = new LagService(state, Growths::check);
    } else {
      // A folder named is read now: a wrong one is refused before the service listens.
      StudyBank studies = bank.equals("none") ? null : StudyBank.load(Path.of(bank));
      service = new LagService(state, Growths::check, () -> studies, false);
    }
    LagServer server;
    try {
      server =
          LagServer.start(service, new InetSocketAddress(address, port), token(), maxBody, threads);
    } catch (java.net.BindException e) {
      service.close();
      throw InvalidInputException.field(
          "--port", port, "in use or not allowed (" + e.getMessage() + ")");
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "lag serve: listening on http://%s:%d (state %s, %d selection(s) resumed%s)%n",
        bind, server.port(), state, service.size(), token() == null ? "" : ", token required");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    // Shutting down: the records are flushed line by line already.
                  }
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  private String token() throws java.io.IOException {
    if (tokenFile != null) {
      if (!Files.isRegularFile(tokenFile)) {
        throw InvalidInputException.field("--token-file", tokenFile, "no such file");
      }
      String t = Files.readString(tokenFile).trim();
      if (t.length() < 16) {
        throw InvalidInputException.field(
            "--token-file", tokenFile, "token shorter than 16 characters");
      }
      return t;
    }
    String env = System.getenv(TOKEN_ENV);
    if (env == null || env.isBlank()) {
      return null;
    }
    if (env.trim().length() < 16) {
      throw InvalidInputException.field(
          "$" + TOKEN_ENV, "(hidden)", "token shorter than 16 characters");
    }
    return env.trim();
  }
}
