package dev.lag.reports.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.reports.Fixtures;
import dev.lag.reports.Report;
import dev.lag.reports.read.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  static final Pattern DATA =
      Pattern.compile(
          "<script type=\"application/json\" id=\"lag-charts\">(.*?)</script>", Pattern.DOTALL);

  @Test
  void thePageIsSelfContainedAndEveryChartHasItsPlace(@TempDir Path dir) throws Exception {
    Path hf = dir.resolve("hf");
    Fixtures.trainerState(hf.resolve("a"), 2.0, 100);
    Fixtures.trainerState(hf.resolve("b"), 1.9, 100);
    Fixtures.trainerState(hf.resolve("c"), 2.1, 100);
    Path sel =
        Fixtures.selection(
            dir.resolve("sel"),
            List.of("midas", "stack-top", "zero-new"),
            new double[] {1, 1.1, 1.5},
            new long[] {40, 10, 10},
            40);
    Report report = Reports.read(List.of(sel, hf), "two runs", "test");
    String html = new HtmlReport().render(report);

    // Nothing to fetch: no external script, style, image or font; uPlot is inline.
    for (String attr : List.of("src=\"http", "href=\"http", "src='http", "@import", "url(http")) {
      assertFalse(html.contains(attr), attr);
    }
    assertTrue(html.contains("uPlot"), "uPlot inlined");
    assertTrue(html.contains("default-src 'none'"), "the page forbids itself any fetch");

    JsonNode charts = charts(html);
    // sel: one loss chart; hf: one loss chart and the lag curve.
    assertEquals(3, charts.size());
    for (JsonNode c : charts) {
      String id = c.path("id").asText();
      assertTrue(html.contains("class=\"chart\" id=\"" + id + "\""), "a place for " + id);
      int n = c.path("x").size();
      for (JsonNode s : c.path("series")) {
        assertEquals(n, s.path("values").size(), "series aligned to x in " + id);
      }
    }
    JsonNode loss = charts.get(0);
    assertEquals("[0,10]", loss.path("shade").toString(), "the lag window");
    assertTrue(loss.path("series").get(0).path("pick").asBoolean());
    assertTrue(loss.path("series").get(1).path("tied").asBoolean());
    assertEquals("lagcurve", charts.get(2).path("kind").asText());
    assertEquals(2, charts.get(2).path("series").size());
    // The index of a batch links every run.
    assertTrue(html.contains("href=\"#run-1\"") && html.contains("href=\"#run-2\""));
  }

  @Test
  void namesCannotBreakOutOfTheDataOrTheMarkup(@TempDir Path dir) throws Exception {
    String evil = "x</script><script>alert(1)</script>";
    Path sel =
        Fixtures.selection(
            dir.resolve("sel"),
            List.of(evil, "b", "c"),
            new double[] {1, 1.1, 1.5},
            new long[] {10, 10, 10},
            40);
    String html = new HtmlReport().render(Reports.read(List.of(sel), "t", "test"));
    assertFalse(html.contains("<script>alert(1)"), "escaped in tables and in the chart data");
    assertEquals(evil, charts(html).get(0).path("series").get(0).path("label").asText());
  }

  @Test
  void anEmptyReportSaysWhy(@TempDir Path dir) throws Exception {
    Report report = Reports.read(List.of(dir.resolve("nope")), "t", "test");
    Path out = dir.resolve("r.html");
    new HtmlReport().write(report, out);
    String html = Files.readString(out);
    assertTrue(html.contains("No run could be read"));
    assertTrue(html.contains("no such file or folder"));
  }

  static JsonNode charts(String html) throws Exception {
    Matcher m = DATA.matcher(html);
    assertTrue(m.find(), "chart data embedded");
    return new ObjectMapper().readTree(m.group(1)).path("charts");
  }
}
