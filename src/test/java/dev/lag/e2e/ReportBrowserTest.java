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
  /**
   * Per chart: its series, and the most pixels of any one series' own colour (every series carries
   * one) that its drawn line leaves on the canvas. Not the first series': lines of nearly equal
   * losses lie on top of each other, and the one drawn last (the pick is bold) covers the others.
   */
  static final String CHARTS =
      """
      JSON.stringify(Array.from(document.querySelectorAll('.chart')).map(function (el) {
        var entry = window.lagCharts[el.id];
        var canvas = el.querySelector('canvas');
        var px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        var drawn = Math.max.apply(null, [0].concat(entry.spec.series.filter(function (s) {
          return !!s.colour;
        }).map(function (s) {
          var c = s.colour, n = 0;
          var r = parseInt(c.substr(1, 2), 16), g = parseInt(c.substr(3, 2), 16);
          var b = parseInt(c.substr(5, 2), 16);
          for (var i = 0; i < px.length; i += 4) {
            if (Math.abs(px[i] - r) < 40 && Math.abs(px[i + 1] - g) < 40
                && Math.abs(px[i + 2] - b) < 40 && px[i + 3] > 128) n++;
          }
          return n;
        })));
        return {id: el.id, expected: +el.getAttribute('data-series'),
                drawn: +el.getAttribute('data-drawn-series'),
                colours: entry.spec.series.map(function (s) { return s.label + '=' + s.colour; }),
                edge: entry.spec.kind === 'lagcurve' && entry.spec.series[0].values.every(
                    function (v) { return v === null || Math.abs(v) === 1; }),
                series: entry ? entry.plot.series.length : 0,
                points: entry ? entry.plot.data[0].length : 0, width: canvas.width, pixels: drawn};
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
    // growth stage with every candidate, the lag curve of the first growth (the fixed-operator
    // baselines trained every candidate to its end), and the study's stage and lag curve.
    JsonNode stackJson = new ObjectMapper().readTree(stack.resolve("stack.json").toFile());
    List<Integer> expected = new ArrayList<>();
    expected.add(stackJson.path("contenders").size());
    for (JsonNode stage : stackJson.path("stages")) {
      expected.add(stage.path("selection").path("ranking").size());
    }
    expected.add(2); // the stack's lag curve: Spearman and Kendall
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
        // A lag curve of three candidates can sit on the frame (rho = +1 at every lag): nothing
        // of it is inside the plot to count.
        assertTrue(
            c.path("pixels").asInt() > 30 || c.path("edge").asBoolean(),
            "a series was drawn: " + c);
      }
      // One colour per candidate: an operator keeps its colour from its stage to the timeline.
      String timelineColours = charts.get(0).path("colours").toString();
      for (JsonNode c : charts.get(1).path("colours")) {
        String[] nameColour = c.asText().split("=");
        assertTrue(
            timelineColours.contains("fixed:" + nameColour[0] + "=" + nameColour[1]),
            nameColour[0] + " has the same colour on the timeline: " + timelineColours);
      }

      // The timeline opens on the whole run, linear (the first stage visible); its toggles zoom to
      // the range of the final losses and give a log scale.
      String timeline =
          """
          (function (toggle) {
            var id = document.querySelector('.timeline .chart').id;
            if (toggle) {
              var box = document.querySelector('input[data-' + toggle + "='" + id + "']");
              box.checked = true;
              box.dispatchEvent(new Event('change'));
            }
            // uPlot sets its scales in a task after it is built: read them after that task.
            return new Promise(function (done) {
              setTimeout(function () {
                var u = window.lagCharts[id].plot;
                done([u.scales.y.distr, u.scales.y.min, u.scales.y.max].join(':'));
              });
            });
          })(%s)
          """;
      String opened = browser.eval(timeline.formatted("null")).asText();
      assertTrue(opened.split(":").length == 3, "timeline y scale: " + opened);
      String[] whole = opened.split(":");
      String[] zoomed = browser.eval(timeline.formatted("'zoomy'")).asText().split(":");
      String[] logged = browser.eval(timeline.formatted("'logy'")).asText().split(":");
      assertEquals("1", whole[0], "linear by default");
      assertTrue(
          Double.parseDouble(whole[2]) > Double.parseDouble(zoomed[2]),
          "the opening view reaches higher than the zoom to the final losses");
      assertEquals("3", logged[0], "log toggle");

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

      for (int width : new int[] {800, 1400}) {
        browser.screenshot(Path.of("target/report-browser/report-" + width + ".png"), width);
      }

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
