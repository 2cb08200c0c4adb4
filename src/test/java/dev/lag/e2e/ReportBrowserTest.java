package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report of real runs (a tiny adaptive stacking run and a tiny study), opened in headless
 * Chromium: every chart drew its series, the page asked the network for nothing and logged no
 * error, and the interactive parts work. The screenshot is kept in {@code
 * target/report-browser/report.png}.
 */
@Tag("djl")
@Tag("browser")
class ReportBrowserTest {
  /** Pixels of the first series' colour (#0072B2) that a drawn line leaves on its canvas. */
  static final String CHARTS =
      """
      JSON.stringify(Array.from(document.querySelectorAll('.chart')).map(function (el) {
        var entry = window.lagCharts[el.id];
        var canvas = el.querySelector('canvas');
        var px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        var blue = 0;
        for (var i = 0; i < px.length; i += 4) {
          if (Math.abs(px[i] - 0) < 40 && Math.abs(px[i + 1] - 114) < 40
              && Math.abs(px[i + 2] - 178) < 40 && px[i + 3] > 128) blue++;
        }
        return {id: el.id, expected: +el.getAttribute('data-series'),
                drawn: +el.getAttribute('data-drawn-series'),
                series: entry ? entry.plot.series.length : 0,
                points: entry ? entry.plot.data[0].length : 0, width: canvas.width, blue: blue};
      }))
      """;

  @Test
  void reportOfRealRunsDrawsEveryChartOffline(@TempDir Path dir) throws Exception {
    assertTrue(
        Files.isExecutable(Chromium.BINARY),
        "the browser test needs Debian's chromium (.ci/run installs it)");
    Path stack = dir.resolve("stack");
    Path config =
        StackCliTest.config(
            dir, 60 * 64, "fixed-lag(k=5)", "[\"stack-top\", \"zero-new\", \"midas\"]");
    assertEquals(
        0, Cli.run("stack", "--config", config.toString(), "--out", stack.toString()).exitCode());
    Path study = dir.resolve("study");
    Path source = dir.resolve("source");
    assertEquals(0, Cli.run(TrainCliTest.args("train", "--out", source.toString())).exitCode());
    Cli s =
        Cli.run(
            "study",
            "--from",
            source.resolve("checkpoint").toString(),
            "--depth",
            "4",
            "--pool",
            "stack-top",
            "--pool",
            "zero-new",
            "--pool",
            "midas",
            "--pool",
            "random-new",
            "--set",
            "steps=12",
            "--set",
            "evalInterval=2",
            "--out",
            study.toString());
    assertEquals(0, s.exitCode(), s.err());

    Path html = dir.resolve("report.html");
    Cli r = Cli.run("report", stack.toString(), study.toString(), "--out", html.toString());
    assertEquals(0, r.exitCode(), r.err());

    // What the records say the page must show: a timeline with every schedule, one chart per
    // growth stage with every candidate, and the study's stage and lag curve.
    JsonNode stackJson = new ObjectMapper().readTree(stack.resolve("stack.json").toFile());
    List<Integer> expected = new ArrayList<>();
    expected.add(stackJson.path("contenders").size());
    for (JsonNode stage : stackJson.path("stages")) {
      expected.add(stage.path("selection").path("ranking").size());
    }
    expected.add(4); // the study's candidates
    expected.add(2); // Spearman and Kendall

    try (Chromium browser = Chromium.start(Files.createDirectories(dir.resolve("profile")))) {
      browser.open(html.toUri().toString());
      JsonNode charts = new ObjectMapper().readTree(browser.eval(CHARTS).asText());
      assertEquals(expected.size(), charts.size(), charts.toString());
      for (int i = 0; i < charts.size(); i++) {
        JsonNode c = charts.get(i);
        assertEquals(expected.get(i), c.path("expected").asInt(), c.toString());
        assertEquals(expected.get(i), c.path("drawn").asInt(), c.toString());
        assertTrue(c.path("points").asInt() >= 2, "chart has data: " + c);
        assertTrue(c.path("width").asInt() > 300, "canvas has a size: " + c);
        assertTrue(c.path("blue").asInt() > 30, "the first series was drawn: " + c);
      }

      // Interactive parts: log-scaled steps redraw a chart; the run index sorts.
      String logToggled =
          """
          (function () {
            var box = document.querySelector('input[data-logx]');
            box.checked = true;
            box.dispatchEvent(new Event('change'));
            var c = window.lagCharts[box.getAttribute('data-logx')].plot;
            return c.scales.x.distr + ':' + c.data[0][0];
          })()
          """;
      String distr = browser.eval(logToggled).asText();
      assertTrue(
          distr.startsWith("3:") && !distr.endsWith(":0"), "log axis without x = 0: " + distr);
      String sorted =
          """
          (function () {
            var th = document.querySelectorAll('#index th')[0];
            th.click(); var a = document.querySelector('#index tbody tr td').textContent;
            th.click(); var b = document.querySelector('#index tbody tr td').textContent;
            return a + '|' + b;
          })()
          """;
      assertEquals("stack|study", browser.eval(sorted).asText());

      browser.screenshot(Path.of("target/report-browser/report.png"));
      for (String url : browser.requests()) {
        assertTrue(url.startsWith("file:") || url.startsWith("data:"), "network request: " + url);
      }
      assertEquals(List.of(), browser.problems(), "console errors or exceptions");
    }
    Files.copy(
        html,
        Files.createDirectories(Path.of("target/report-browser")).resolve("report.html"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
