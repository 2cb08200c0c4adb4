package dev.lag.selector.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.selector.Candidate;
import dev.lag.selector.LagSelector;
import dev.lag.selector.Pool;
import dev.lag.selector.Selection;
import dev.lag.selector.SelectionJson;
import dev.lag.selector.policy.Policies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of {@code lag serve}, its errors, its token, and resuming after a restart. */
class LagServerTest {
  static final String CREATE =
      "{\"candidates\": [\"a\", \"b\", {\"name\": \"c\", \"spec\": \"midas(b=1)\"}],"
          + " \"policy\": \"fixed-lag(k=4)\", \"metric\": \"train\", \"finalStep\": 100}";

  @TempDir Path state;
  final HttpClient http = HttpClient.newHttpClient();
  final ObjectMapper json = new ObjectMapper();
  LagServer server;
  String token;

  record Reply(int status, JsonNode body) {}

  void start() throws Exception {
    server =
        LagServer.start(
            new LagService(state),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            token,
            4096,
            4);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  Reply call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), json.readTree(r.body()));
  }

  String create() throws Exception {
    Reply r = call("POST", "/v1/selections", CREATE);
    assertEquals(201, r.status(), r.body().toString());
    return r.body().path("id").asText();
  }

  static String report(String candidate, long step, double loss) {
    return String.format(
        Locale.ROOT, "{\"candidate\":\"%s\",\"step\":%d,\"loss\":%s}", candidate, step, loss);
  }

  @Test
  void aSelectionScoredByThePrimitivesPicksTheBetterReasoner() throws Exception {
    start();
    Reply created =
        call(
            "POST",
            "/v1/selections",
            "{\"candidates\": [\"low-loss\", \"reasoner\"], \"policy\": \"fixed-lag(k=2)\","
                + " \"metric\": \"primitives\", \"finalStep\": 10}");
    assertEquals(201, created.status(), created.body().toString());
    String id = created.body().path("id").asText();
    for (int step = 0; step <= 2; step++) {
      String batch =
          String.format(
              Locale.ROOT,
              "{\"reports\": [{\"candidate\":\"low-loss\",\"step\":%d,\"loss\":1.0,"
                  + "\"primitives\":0.2},{\"candidate\":\"reasoner\",\"step\":%d,"
                  + "\"loss\":2.0,\"primitives\":0.6}]}",
              step,
              step);
      assertEquals(200, call("POST", "/v1/selections/" + id + "/reports", batch).status());
    }
    JsonNode status = call("GET", "/v1/selections/" + id, null).body();
    assertEquals("reasoner", status.path("winner").asText(), status.toString());
    Reply bad =
        call(
            "POST",
            "/v1/selections/" + id + "/reports",
            "{\"candidate\":\"reasoner\",\"step\":3,\"loss\":1.0,\"primitives\":1.5}");
    assertEquals(400, bad.status());
    assertTrue(bad.body().toString().contains("primitives=1.5"), bad.body().toString());
  }

  @Test
  void aSelectionFromCreationToPick() throws Exception {
    start();
    String id = create();
    assertEquals("ok", call("GET", "/v1/health", null).body().path("status").asText());
    assertEquals(id, call("GET", "/v1/selections", null).body().path("selections").get(0).asText());

    JsonNode d = call("GET", "/v1/selections/" + id + "/decision?candidate=a", null).body();
    assertEquals("continue", d.path("decision").asText());
    assertEquals(4, d.path("trainUntil").asInt());

    // Candidate c is best at the lag; b would be best at step 1.
    for (int step = 0; step <= 4; step++) {
      StringBuilder batch = new StringBuilder("{\"reports\": [");
      batch.append(report("a", step, 3.0 - 0.1 * step)).append(',');
      batch.append(report("b", step, 2.0 - 0.05 * step)).append(',');
      batch.append(report("c", step, 3.0 - 0.35 * step)).append("]}");
      Reply r = call("POST", "/v1/selections/" + id + "/reports", batch.toString());
      assertEquals(200, r.status(), r.body().toString());
      assertEquals(3, r.body().path("accepted").asInt());
      String expected = step < 4 ? "continue" : "won";
      assertEquals(expected, r.body().path("decisions").path("c").path("decision").asText());
    }
    JsonNode status = call("GET", "/v1/selections/" + id, null).body();
    assertEquals("decided", status.path("status").asText());
    assertEquals("c", status.path("winner").asText());
    assertEquals(4, status.path("lag").asInt());
    assertEquals(3, status.path("ranking").size());
    assertEquals("b", status.path("ranking").get(1).path("name").asText());
    assertEquals(5, status.path("reports").path("a").asInt());
    assertEquals(2, status.path("lagCurve").path("schemaVersion").asInt(), "lag curve so far");
    JsonNode won = call("GET", "/v1/selections/" + id + "/decision?candidate=c", null).body();
    assertEquals("won", won.path("decision").asText());
    assertTrue(won.path("winner").asBoolean());
    assertEquals(100, won.path("trainUntil").asInt(), "to the end of the stage");
    assertTrue(won.path("reason").asText().contains("keep training it"), won.toString());
    JsonNode lost = call("GET", "/v1/selections/" + id + "/decision?candidate=a", null).body();
    assertFalse(lost.path("winner").asBoolean());
    assertEquals("stop", lost.path("decision").asText());

    // Records as lag select writes them.
    Path dir = state.resolve(id);
    assertTrue(Files.isRegularFile(dir.resolve("selection.json")));
    assertEquals(15, Files.readAllLines(dir.resolve("metrics.jsonl")).size());
    assertEquals(
        "c", json.readTree(dir.resolve("selection.json").toFile()).path("winner").asText());
    assertEquals("openapi", call("GET", "/v1/openapi.json", null).body().fieldNames().next());
  }

  @Test
  void theServiceAndTheLibraryMakeTheSameRecordFromTheSameLosses() throws Exception {
    // The library trains a, b and c (curves that cross after step 1) and picks at lag 4.
    java.util.List<LagService.Report> seen = new java.util.ArrayList<>();
    dev.lag.selector.CandidateTrainer trainer =
        (candidate, from, until, report) -> {
          for (long t = from == 0 ? 0 : from + 1; t <= until; t++) {
            double slope = Map.of("a", 0.1, "b", 0.05, "c", 0.35).get(candidate.name());
            Point p = Point.ofLoss(t, (candidate.name().equals("b") ? 2.0 : 3.0) - slope * t);
            seen.add(new LagService.Report(candidate.name(), 0, p));
            report.accept(p);
          }
        };
    Selection library =
        LagSelector.builder()
            .setTrainer(trainer)
            .optPolicy(Policies.parse("fixed-lag(k=4)"))
            .optScorer(Scorers.byName("last", Metric.TRAIN_LOSS))
            .optFinalStep(100)
            .build()
            .choose(
                Pool.of(
                    java.util.List.of(
                        new Candidate("a", "a", null, null),
                        new Candidate("b", "b", null, null),
                        new Candidate("c", "midas(b=1)", null, null))));

    // The same losses, reported to the service one by one as a loop would.
    start();
    String id = create();
    for (LagService.Report r : seen) {
      Reply reply =
          call(
              "POST",
              "/v1/selections/" + id + "/reports",
              report(r.candidate(), r.point().step(), r.point().trainLoss()));
      assertEquals(200, reply.status(), reply.body().toString());
    }
    ObjectNode served =
        (ObjectNode) json.readTree(state.resolve(id).resolve("selection.json").toFile());
    ObjectNode own = SelectionJson.toJson(library, json);
    own.put("finalStep", 100); // the service's record says which stage it judged
    for (ObjectNode record : java.util.List.of(served, own)) {
      ((ObjectNode) record.get("compute")).remove("seconds");
    }
    assertEquals(json.readTree(own.toString()), served, "field by field, as written");
  }

  @Test
  void reportsAreIdempotentPerCandidateAndStep() throws Exception {
    start();
    String id = create();
    for (int i = 0; i < 3; i++) {
      assertEquals(
          200, call("POST", "/v1/selections/" + id + "/reports", report("a", 1, 2.5)).status());
    }
    call("POST", "/v1/selections/" + id + "/reports", report("a", 1, 2.4)); // replaces
    JsonNode status = call("GET", "/v1/selections/" + id, null).body();
    assertEquals(1, status.path("reports").path("a").asInt());
    assertEquals(
        2,
        Files.readAllLines(state.resolve(id).resolve("metrics.jsonl")).size(),
        "repeats not logged");
  }

  @Test
  void badRequestsAre4xxThatNameTheField() throws Exception {
    start();
    String id = create();
    String reports = "/v1/selections/" + id + "/reports";
    assertError(400, "malformed JSON", call("POST", reports, "{\"candidate\": \"a\", "));
    assertError(404, "selection 'nope' not found", call("GET", "/v1/selections/nope", null));
    assertError(400, "candidate=zz: not in the pool", call("POST", reports, report("zz", 1, 1)));
    assertError(400, "step=-1", call("POST", reports, report("a", -1, 1)));
    assertError(
        400, "step=1.5", call("POST", reports, "{\"candidate\":\"a\",\"step\":1.5,\"loss\":1}"));
    assertError(
        400,
        "step=\"NaN\"",
        call("POST", reports, "{\"candidate\":\"a\",\"step\":NaN,\"loss\":1}"));
    assertError(
        400,
        "loss=\"x\"",
        call("POST", reports, "{\"candidate\":\"a\",\"step\":1,\"loss\":\"x\"}"));
    assertError(400, "loss=null", call("POST", reports, "{\"candidate\":\"a\",\"step\":1}"));
    assertError(
        400,
        "evalloss=2.0: unknown field",
        call("POST", reports, "{\"candidate\":\"a\",\"step\":1,\"loss\":1,\"evalloss\":2.0}"));
    assertError(
        400,
        "step=1.0E30",
        call("POST", reports, "{\"candidate\":\"a\",\"step\":1e30,\"loss\":1}"));
    assertError(
        400,
        "polcy=\"fixed-lag(k=2)\": unknown field",
        call(
            "POST",
            "/v1/selections",
            "{\"candidates\": [\"a\"], \"finalStep\": 5, \"polcy\": \"fixed-lag(k=2)\"}"));
    assertError(
        400,
        "policy=fixed-lag(k=1000): its longest lag (1000 steps) is longer than the stage (steps=10)",
        call(
            "POST",
            "/v1/selections",
            "{\"candidates\": [\"a\"], \"finalStep\": 10, \"policy\": \"fixed-lag(k=1000)\"}"));
    assertError(
        400,
        "reports[1].candidate=q",
        call("POST", reports, "[" + report("a", 2, 1) + "," + report("q", 2, 1) + "]"));
    assertEquals(
        0,
        call("GET", "/v1/selections/" + id, null).body().path("reports").path("a").asInt(),
        "a rejected batch records nothing");
    assertError(400, "candidate=null", call("GET", "/v1/selections/" + id + "/decision", null));
    assertError(400, "finalStep", call("POST", "/v1/selections", "{\"candidates\": [\"a\"]}"));
    // Numbers without limits (issue 24): each refused by name before anything is allocated.
    assertError(
        400,
        "replicas=1000000000: at most 64",
        call(
            "POST",
            "/v1/selections",
            "{\"candidates\": [\"a\", \"b\"], \"finalStep\": 100, \"replicas\": 1000000000}"));
    assertError(
        400,
        "finalStep=9223372036854775807: steps are capped at 2^53",
        call(
            "POST",
            "/v1/selections",
            "{\"candidates\": [\"a\"], \"finalStep\": 9223372036854775807}"));
    assertError(
        400,
        "scorer=cooldown(5): reads cooldown probes",
        call(
            "POST",
            "/v1/selections",
            "{\"candidates\": [\"a\"], \"finalStep\": 100, \"scorer\": \"cooldown(5)\"}"));
    assertError(
        400,
        "policy",
        call(
            "POST",
            "/v1/selections",
            "{\"candidates\": [\"a\"], \"finalStep\": 5, \"policy\": \"best(k=1)\"}"));
    assertError(
        400,
        "candidates[0].spec=grow sideways(: growth spec 'grow sideways('",
        call(
            "POST",
            "/v1/selections",
            "{\"candidates\": [{\"name\": \"a\", \"spec\": \"grow sideways(\"}], \"finalStep\": 5}"));
    assertError(
        400,
        "duplicate candidate",
        call("POST", "/v1/selections", "{\"candidates\": [\"a\", \"a\"], \"finalStep\": 5}"));
    assertError(
        413,
        "limit",
        call(
            "POST",
            reports,
            "[" + (report("a", 1, 1) + ",").repeat(200) + report("a", 1, 1) + "]"));
    assertError(404, "no such path", call("GET", "/v2/selections", null));
    assertError(405, "use POST", call("GET", reports, null));
    assertError(405, "use GET", call("DELETE", "/v1/selections/" + id, null));
  }

  @Test
  void aDivergedCandidateIsRankedLast() throws Exception {
    start();
    String id = create();
    String reports = "/v1/selections/" + id + "/reports";
    for (int step = 0; step <= 4; step++) {
      call(
          "POST",
          reports,
          "[" + report("a", step, 3 - 0.1 * step) + "," + report("b", step, 3 - 0.2 * step) + "]");
      call(
          "POST",
          reports,
          "{\"candidate\":\"c\",\"step\":"
              + step
              + ",\"loss\":"
              + (step < 2 ? "1.0" : "NaN")
              + "}");
    }
    JsonNode status = call("GET", "/v1/selections/" + id, null).body();
    assertEquals("b", status.path("winner").asText());
    assertEquals("diverged", status.path("ranking").get(2).path("status").asText());
  }

  @Test
  void aTokenIsCheckedOnEveryRequestAndRequiredBeyondLoopback() throws Exception {
    token = "0123456789abcdef-secret";
    start();
    assertEquals(201, call("POST", "/v1/selections", CREATE).status());
    token = "wrong-token-wrong-token";
    assertError(401, "token", call("GET", "/v1/health", null));
    token = null;
    assertError(401, "token", call("GET", "/v1/selections", null));
    var e =
        assertThrows(
            InvalidInputException.class,
            () ->
                LagServer.start(
                    new LagService(state.resolve("other")),
                    new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0),
                    null,
                    4096,
                    1));
    assertTrue(e.getMessage().contains("--bind=0.0.0.0"), e.getMessage());
  }

  @Test
  void aRestartedServiceResumesEverySelection() throws Exception {
    start();
    String id = create();
    String reports = "/v1/selections/" + id + "/reports";
    for (int step = 0; step <= 2; step++) {
      call(
          "POST",
          reports,
          "["
              + report("a", step, 3 - 0.1 * step)
              + ","
              + report("b", step, 3 - 0.2 * step)
              + ","
              + report("c", step, 3.5)
              + "]");
    }
    JsonNode before = call("GET", "/v1/selections/" + id, null).body();
    server.close();
    // A crash can leave half a line at the end of the log: it is skipped, everything else kept.
    Files.writeString(
        state.resolve(id).resolve("metrics.jsonl"),
        "{\"candidate\":\"a\",\"st",
        java.nio.file.StandardOpenOption.APPEND);
    start();
    JsonNode after = call("GET", "/v1/selections/" + id, null).body();
    assertEquals(before.path("reports"), after.path("reports"));
    assertEquals(before.path("ranking"), after.path("ranking"));
    assertEquals("open", after.path("status").asText());
    for (int step = 3; step <= 4; step++) {
      call(
          "POST",
          reports,
          "["
              + report("a", step, 3 - 0.1 * step)
              + ","
              + report("b", step, 3 - 0.2 * step)
              + ","
              + report("c", step, 3.5)
              + "]");
    }
    JsonNode decided = call("GET", "/v1/selections/" + id, null).body();
    assertEquals("b", decided.path("winner").asText());
    // The torn fragment was cut off when the log was opened again: the reports appended since
    // survive another restart, and so does the decision.
    server.close();
    start();
    JsonNode again = call("GET", "/v1/selections/" + id, null).body();
    assertEquals("decided", again.path("status").asText(), again.toString());
    assertEquals(decided.path("ranking"), again.path("ranking"));
    assertEquals(decided.path("reports"), again.path("reports"));
  }

  @Test
  void everyCandidateIsScoredAtTheLagSoStepsPastItBuyNothing() throws Exception {
    start();
    String id =
        call(
                "POST",
                "/v1/selections",
                "{\"candidates\": [\"a\", \"b\"], \"policy\": \"fixed-lag(k=5)\","
                    + " \"metric\": \"train\", \"finalStep\": 100}")
            .body()
            .path("id")
            .asText();
    String reports = "/v1/selections/" + id + "/reports";
    for (int step = 1; step <= 6; step++) {
      if (step <= 5) {
        call("POST", reports, report("a", step, 1 + 0.01 * step));
      }
      call("POST", reports, report("b", step, 9 + 0.01 * step));
    }
    JsonNode status = call("GET", "/v1/selections/" + id, null).body();
    assertEquals("decided", status.path("status").asText(), status.toString());
    assertEquals("a", status.path("winner").asText(), "the lower loss at the lag wins");
    assertEquals(9.05, status.path("ranking").get(1).path("score").asDouble(), 1e-9, "b at 5");
  }

  @Test
  void aSelectionThatScoresAnAbsentMetricWaitsInsteadOfPicking() throws Exception {
    start();
    String id =
        call(
                "POST",
                "/v1/selections",
                "{\"candidates\": [\"a\", \"b\"], \"policy\": \"fixed-lag(k=2)\","
                    + " \"metric\": \"eval\", \"finalStep\": 100}")
            .body()
            .path("id")
            .asText();
    String reports = "/v1/selections/" + id + "/reports";
    for (int step = 1; step <= 2; step++) {
      call("POST", reports, "[" + report("a", step, 2.0) + "," + report("b", step, 1.0) + "]");
    }
    JsonNode reply = call("POST", reports, report("a", 2, 2.0)).body();
    JsonNode advice = reply.path("decisions").path("a");
    assertEquals("wait", advice.path("decision").asText(), advice.toString());
    assertTrue(advice.path("reason").asText().contains("step 2"), advice.toString());
    for (int restart = 0; restart < 2; restart++) {
      Reply status = call("GET", "/v1/selections/" + id, null);
      assertEquals(200, status.status(), status.body().toString());
      assertEquals("open", status.body().path("status").asText());
      assertEquals("eval", status.body().path("waitingFor").path("metric").asText());
      server.close();
      start();
    }
    // The loop sends the lag's step again with the held-out loss: now there is evidence.
    call(
        "POST",
        reports,
        "[{\"candidate\":\"a\",\"step\":2,\"loss\":2.0,\"evalLoss\":2.1},"
            + "{\"candidate\":\"b\",\"step\":2,\"loss\":1.0,\"evalLoss\":2.5}]");
    JsonNode decided = call("GET", "/v1/selections/" + id, null).body();
    assertEquals("decided", decided.path("status").asText(), decided.toString());
    assertEquals("a", decided.path("winner").asText(), "ranked by eval loss, not train loss");
  }

  static void assertError(int status, String expected, Reply r) {
    assertEquals(status, r.status(), r.body().toString());
    String message = r.body().path("error").asText();
    assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
  }
}
