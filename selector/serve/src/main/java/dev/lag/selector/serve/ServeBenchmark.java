package dev.lag.selector.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.trajectory.Point;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How many reports per second {@code lag serve} takes on loopback from several concurrent clients,
 * each a training loop reporting its own candidate, with none lost; side by side with the same
 * reports made in-process through {@link LagService} (the ceiling HTTP is measured against).
 */
public final class ServeBenchmark {
  private final ObjectMapper json = new ObjectMapper();

  /** Figures of one way of reporting. */
  public record Figure(String how, long reports, double seconds, boolean noneLost) {
    /** Reports per second. */
    public double rate() {
      return reports / seconds;
    }
  }

  /**
   * Runs the three measurements and prints them.
   *
   * @param clients concurrent clients (one candidate each)
   * @param perClient reports each client makes
   * @param batch reports per request in the batched measurement
   */
  public List<Figure> run(int clients, int perClient, int batch, PrintWriter out) throws Exception {
    Path state = Files.createTempDirectory("lag-serve-bench");
    List<Figure> figures = new ArrayList<>();
    try (LagService warmup = new LagService(state.resolve("warm-up"))) {
      inProcess(warmup, clients, perClient / 2, batch); // JIT: measure warm code only
    }
    try (LagService inProcess = new LagService(state.resolve("in-process"))) {
      figures.add(inProcess(inProcess, clients, perClient, batch));
    }
    try (LagServer server =
        LagServer.start(
            new LagService(state.resolve("http")),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            null,
            1 << 20,
            Math.max(4, clients))) {
      figures.add(http(server.port(), clients, perClient, 1));
      figures.add(http(server.port(), clients, perClient, batch));
    }
    out.printf(
        Locale.ROOT,
        "lag serve load: %d concurrent clients x %d reports, loopback, %d cores%n",
        clients,
        perClient,
        Runtime.getRuntime().availableProcessors());
    double ceiling = figures.get(0).rate();
    for (Figure f : figures) {
      out.printf(
          Locale.ROOT,
          "  %-34s %9.0f reports/s  (%5.2fx in-process)  %s%n",
          f.how(),
          f.rate(),
          f.rate() / ceiling,
          f.noneLost() ? "none lost" : "REPORTS LOST");
    }
    out.flush();
    return figures;
  }

  private Figure inProcess(LagService service, int clients, int perClient, int batch)
      throws Exception {
    String id = service.create(request(clients));
    long started = System.nanoTime();
    parallel(
        clients,
        c -> {
          for (int step = 1; step <= perClient; step += batch) {
            List<LagService.Report> reports = new ArrayList<>();
            for (int s = step; s < step + batch && s <= perClient; s++) {
              reports.add(new LagService.Report("c" + c, 0, point(c, s)));
            }
            service.report(id, reports);
          }
        });
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Figure(
        "in-process, batches of " + batch,
        (long) clients * perClient,
        seconds,
        counted(service.status(id), clients, perClient));
  }

  private Figure http(int port, int clients, int perClient, int batch) throws Exception {
    String base = "http://127.0.0.1:" + port + "/v1/selections";
    HttpClient setup = HttpClient.newHttpClient();
    String id =
        json.readTree(send(setup, base, json.writeValueAsString(request(clients).toJson(json))))
            .path("id")
            .asText();
    long started = System.nanoTime();
    parallel(
        clients,
        c -> {
          HttpClient client = HttpClient.newHttpClient(); // one connection per training loop
          for (int step = 1; step <= perClient; step += batch) {
            StringBuilder body = new StringBuilder(batch == 1 ? "" : "[");
            for (int s = step; s < step + batch && s <= perClient; s++) {
              body.append(s == step ? "" : ",")
                  .append(
                      String.format(
                          Locale.ROOT,
                          "{\"candidate\":\"c%d\",\"step\":%d,\"loss\":%.6f}",
                          c,
                          s,
                          point(c, s).trainLoss()));
            }
            send(
                client,
                base + "/" + id + "/reports",
                body.append(batch == 1 ? "" : "]").toString());
          }
        });
    double seconds = (System.nanoTime() - started) / 1e9;
    JsonNode status =
        json.readTree(
            setup
                .send(
                    HttpRequest.newBuilder(URI.create(base + "/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    return new Figure(
        batch == 1 ? "HTTP, one report per request" : "HTTP, batches of " + batch,
        (long) clients * perClient,
        seconds,
        counted(status, clients, perClient));
  }

  private static String send(HttpClient client, String url, String body) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IOException(url + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** Every client's reports are all there: none lost, none doubled. */
  private static boolean counted(JsonNode status, int clients, int perClient) {
    for (int c = 0; c < clients; c++) {
      if (status.path("reports").path("c" + c).asInt() != perClient) {
        return false;
      }
    }
    return true;
  }

  /** A selection that stays open for the whole run: the lag is longer than any client goes. */
  private static SelectionRequest request(int clients) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      names.add("c" + c);
    }
    return new SelectionRequest(
        names,
        java.util.Map.of(),
        "fixed-lag(k=1000000000)",
        "last",
        "train",
        1_000_000_000L,
        1,
        null);
  }

  private static Point point(int c, long step) {
    return Point.ofLoss(step, 2 + 0.1 * c + 3.0 / (1 + step));
  }

  private interface ClientLoop {
    void run(int client) throws Exception;
  }

  private static void parallel(int clients, ClientLoop loop) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        futures.add(
            pool.submit(
                () -> {
                  loop.run(client);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
