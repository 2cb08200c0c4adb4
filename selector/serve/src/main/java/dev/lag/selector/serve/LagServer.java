package dev.lag.selector.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lag.analysis.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/JSON front door of a {@link LagService}, on the JDK's built-in server. Every error is a
 * 4xx with {@code {"error": "..."}} naming the field or path; a 500 means a bug in lag.
 *
 * <pre>
 * POST /v1/selections                          create: {candidates, policy, scorer, metric, finalStep,
 *                                              replicas, schedule}
 * GET  /v1/selections                          the ids
 * GET  /v1/selections/{id}                     ranking, pick, ties, lag curve so far
 * POST /v1/selections/{id}/reports             {candidate, step, loss, ...} or {reports: [...]}
 * GET  /v1/selections/{id}/decision?candidate= continue or stop, with the reason
 * GET  /v1/health, /v1/openapi.json
 * </pre>
 */
public final class LagServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LagServer.class);
  private static final String OPENAPI = "/dev/lag/selector/serve/openapi.json";

  static {
    // Without TCP_NODELAY a small response waits on the client's delayed ACK: 40 ms a request.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Python's json module writes NaN and Infinity for a diverged loss: accepted. */
  private final ObjectMapper json =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private final LagService service;
  private final HttpServer server;
  private final ExecutorService workers;
  private final byte[] token;
  private final int maxBody;

  private LagServer(
      LagService service, HttpServer server, ExecutorService workers, String token, int maxBody) {
    this.service = service;
    this.server = server;
    this.workers = workers;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    this.maxBody = maxBody;
  }

  /**
   * Binds and starts serving.
   *
   * @param service the selections
   * @param address where to listen; any address but loopback needs a token
   * @param token the bearer token every request must carry, or null (loopback only)
   * @param maxBody the largest request body accepted, in bytes
   * @param threads request threads
   * @throws InvalidInputException when a non-loopback address has no token
   */
  public static LagServer start(
      LagService service, InetSocketAddress address, String token, int maxBody, int threads)
      throws IOException {
    if (!address.getAddress().isLoopbackAddress() && (token == null || token.isBlank())) {
      throw InvalidInputException.field(
          "--bind",
          address.getAddress().getHostAddress(),
          "serving beyond loopback needs a token (LAG_SERVE_TOKEN or --token-file)");
    }
    HttpServer server = HttpServer.create(address, 128);
    ExecutorService workers = Executors.newFixedThreadPool(threads);
    LagServer s = new LagServer(service, server, workers, token, maxBody);
    server.createContext("/", s::handle);
    server.setExecutor(workers);
    server.start();
    return s;
  }

  /** The port listened on (useful after binding port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    int status;
    JsonNode body;
    try {
      authorize(ex);
      body = route(ex);
      status = ex.getRequestMethod().equals("POST") && isCreate(ex) ? 201 : 200;
    } catch (ApiException e) {
      status = e.status();
      body = error(e.getMessage());
    } catch (InvalidInputException e) {
      status = 400;
      body = error(e.getMessage());
    } catch (RuntimeException | LinkageError | AssertionError e) {
      // Every request is answered: an exchange left open hangs the client's loop forever.
      LOG.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      status = 500;
      body = error("internal error: " + e);
    }
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    if (status == 401) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private JsonNode route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    String[] parts = path.replaceAll("/+$", "").split("/");
    // parts: "", "v1", resource, id, action
    if (parts.length < 3 || !parts[1].equals("v1")) {
      throw new ApiException(404, "no such path: " + path + " (the API is under /v1)");
    }
    if (parts.length == 3 && parts[2].equals("health")) {
      allow(method, "GET", path);
      return json.createObjectNode().put("status", "ok").put("selections", service.size());
    }
    if (parts.length == 3 && parts[2].equals("openapi.json")) {
      allow(method, "GET", path);
      try (InputStream in = LagServer.class.getResourceAsStream(OPENAPI)) {
        return json.readTree(in);
      }
    }
    if (!parts[2].equals("selections") || parts.length > 5) {
      throw new ApiException(404, "no such path: " + path);
    }
    if (parts.length == 3) {
      if (method.equals("POST")) {
        SelectionRequest request = service.request(readBody(ex));
        String id = service.create(request);
        ObjectNode created =
            json.createObjectNode().put("id", id).put("status", ServedStatus.OPEN.label());
        // A loop may grow its own way; it should know which candidates the prior cannot rank.
        List<String> unplaced =
            request.candidates().stream()
                .filter(
                    n -> !dev.lag.selector.Prior.DEFAULT.places(request.specs().getOrDefault(n, n)))
                .toList();
        if (!unplaced.isEmpty()) {
          unplaced.forEach(created.putArray("unplaced")::add);
          created.put(
              "note",
              "the prior does not know "
                  + String.join(", ", unplaced)
                  + " (not lag operators): when leaders tie, they come after every operator it"
                  + " knows, in pool order");
        }
        return created;
      }
      allow(method, "GET", path);
      ObjectNode out = json.createObjectNode();
      service.ids().forEach(out.putArray("selections")::add);
      return out;
    }
    String id = parts[3];
    if (parts.length == 4) {
      allow(method, "GET", path);
      return service.status(id);
    }
    switch (parts[4]) {
      case "reports" -> {
        allow(method, "POST", path);
        return service.report(id, reports(readBody(ex)));
      }
      case "decision" -> {
        allow(method, "GET", path);
        String candidate = query(ex, "candidate");
        if (candidate == null) {
          throw InvalidInputException.field("candidate", null, "give ?candidate=NAME");
        }
        return service.decision(id, candidate);
      }
      default -> throw new ApiException(404, "no such path: " + path);
    }
  }

  /** One report, a list of them, or {@code {"reports": [...]}}. */
  private static List<LagService.Report> reports(JsonNode body) {
    JsonNode list = body.isObject() && body.has("reports") ? body.get("reports") : body;
    List<LagService.Report> out = new ArrayList<>();
    if (list.isArray()) {
      if (list.isEmpty()) {
        throw InvalidInputException.field("reports", "[]", "give at least one report");
      }
      for (int i = 0; i < list.size(); i++) {
        try {
          out.add(LagService.parseReport(list.get(i)));
        } catch (InvalidInputException e) {
          throw new InvalidInputException("reports[" + i + "]." + e.getMessage());
        }
      }
    } else {
      out.add(LagService.parseReport(list));
    }
    return out;
  }

  private JsonNode readBody(HttpExchange ex) throws IOException {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length != null && parseLength(length) > maxBody) {
      throw new ApiException(413, "request body of " + length + " bytes; the limit is " + maxBody);
    }
    byte[] bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = in.readNBytes(maxBody + 1);
    }
    if (bytes.length > maxBody) {
      throw new ApiException(413, "request body over the limit of " + maxBody + " bytes");
    }
    if (bytes.length == 0) {
      throw new InvalidInputException("body: empty; expected JSON");
    }
    try {
      return json.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "body: malformed JSON (" + e.getOriginalMessage().lines().findFirst().orElse("") + ")");
    }
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      throw InvalidInputException.field("Content-Length", header, "not a number");
    }
  }

  private void authorize(HttpExchange ex) {
    if (token == null) {
      return;
    }
    String header = ex.getRequestHeaders().getFirst("Authorization");
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    // Constant time, so the token cannot be guessed byte by byte from response times.
    if (!MessageDigest.isEqual(given, token)) {
      throw new ApiException(401, "missing or wrong token (Authorization: Bearer TOKEN)");
    }
  }

  private static boolean isCreate(HttpExchange ex) {
    return ex.getRequestURI().getPath().replaceAll("/+$", "").equals("/v1/selections");
  }

  private static void allow(String method, String allowed, String path) {
    if (!method.equals(allowed)) {
      throw new ApiException(405, method + " " + path + ": use " + allowed);
    }
  }

  private static String query(HttpExchange ex, String name) {
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) {
      return null;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private ObjectNode error(String message) {
    return json.createObjectNode().put("error", message);
  }

  /** Stops accepting requests, lets running ones finish (up to 1 s) and closes the records. */
  @Override
  public void close() throws IOException {
    server.stop(1);
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    service.close();
  }
}
