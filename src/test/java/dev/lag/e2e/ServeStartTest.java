package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lag serve} starts, creates a selection (its growth spec checked against lag's operators)
 * and takes reports without loading a single class of DJL: the JVM's class-loading log says so.
 */
class ServeStartTest {
  @Test
  void theServiceLoadsNoEngine(@TempDir Path dir) throws Exception {
    Path classes = dir.resolve("classes.log");
    try (Child serve =
        Child.startWith(
            List.of("-Xlog:class+load=info:file=" + classes),
            List.of("serve", "--port", "0", "--state", dir.resolve("state").toString()))) {
      String listening = serve.await(line -> line.startsWith("lag serve: listening on"));
      String url = listening.replaceAll(".*(http://[^ ]+).*", "$1");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/v1/selections"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"candidates\": [{\"name\": \"a\", \"spec\": \"midas(b=1)\"}, \"b\"],"
                              + " \"finalStep\": 100}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, created.statusCode(), created.body());
      HttpResponse<String> unknown =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/v1/selections"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"candidates\": [{\"name\": \"a\", \"spec\": \"grow-sideways\"}],"
                              + " \"finalStep\": 100}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(400, unknown.statusCode(), "lag serve knows lag's operators");
      assertTrue(unknown.body().contains("unknown growth operator"), unknown.body());
    }
    List<String> loaded = Files.readAllLines(classes);
    assertTrue(loaded.stream().anyMatch(l -> l.contains("dev.lag.selector.serve.LagServer")));
    assertFalse(
        loaded.stream().anyMatch(l -> l.contains(" ai.djl.")),
        "no DJL class: " + loaded.stream().filter(l -> l.contains(" ai.djl.")).limit(5).toList());
  }
}
