package dev.lag.reports.html;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.io.AtomicFiles;
import dev.lag.reports.Format;
import dev.lag.reports.Report;
import dev.lag.reports.RunReport;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapper;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateModelException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A report as one self-contained HTML page: the FreeMarker template {@code report.ftlh} lays out
 * the tables; uPlot (inlined from its webjar, with lag's own {@code report.js}) draws the charts
 * from data embedded in the page. The page makes no network request, so it opens offline, from an
 * email attachment or a CI artifact alike.
 */
public final class HtmlReport {
  private static final String BASE = "/dev/lag/reports/html/";
  private static final Configuration TEMPLATES = configuration();

  private final ObjectMapper json = new ObjectMapper();

  /** The page. */
  public String render(Report report) {
    ChartSpecs specs = new ChartSpecs(json);
    ArrayNode charts = json.createArrayNode();
    for (RunReport run : report.runs()) {
      specs.of(run).forEach(charts::add);
    }
    ObjectNode data = json.createObjectNode();
    data.set("charts", charts);
    Map<String, Object> model = new HashMap<>();
    model.put("report", report);
    model.put("chartsJson", scriptSafe(data.toString()));
    model.put("uplotJs", Assets.uplotScript());
    model.put("uplotCss", Assets.uplotStyle());
    model.put("reportJs", Assets.text(BASE + "report.js"));
    model.put("reportCss", Assets.text(BASE + "report.css"));
    try {
      model.put(
          "fmt",
          ((DefaultObjectWrapper) TEMPLATES.getObjectWrapper())
              .getStaticModels()
              .get(Format.class.getName()));
      model.put("ids", new ChartIds());
      Template template = TEMPLATES.getTemplate("report.ftlh");
      StringWriter out = new StringWriter();
      template.process(model, out);
      return out.toString();
    } catch (TemplateModelException e) {
      throw new IllegalStateException(e);
    } catch (freemarker.template.TemplateException e) {
      throw new IllegalStateException("report template failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the page atomically: a reader never sees half a report. */
  public void write(Report report, Path file) throws IOException {
    AtomicFiles.writeString(file, render(report));
  }

  /**
   * JSON inside a script element must not end it or open a comment: every {@code <}, {@code >} and
   * {@code &} becomes its JSON unicode escape, which parses to the same value.
   */
  static String scriptSafe(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }

  private static Configuration configuration() {
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setClassForTemplateLoading(HtmlReport.class, BASE);
    c.setDefaultEncoding("UTF-8");
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setObjectWrapper(new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build());
    c.setNumberFormat("computer");
    return c;
  }

  /** Chart ids the template places, the same ones {@link ChartSpecs} gives the data. */
  public static final class ChartIds {
    /** The loss chart of a stage. */
    public String loss(RunReport run, dev.lag.reports.StageReport stage) {
      return ChartSpecs.lossId(run, stage);
    }
  }

  /** Text resources: lag's own, and uPlot's from its webjar. */
  static final class Assets {
    private Assets() {}

    static String uplotScript() {
      return text(webjar() + "dist/uPlot.iife.min.js");
    }

    static String uplotStyle() {
      return text(webjar() + "dist/uPlot.min.css");
    }

    private static String webjar() {
      Properties p = new Properties();
      try (InputStream in = HtmlReport.class.getResourceAsStream(BASE + "assets.properties")) {
        p.load(in);
      } catch (IOException | NullPointerException e) {
        throw new IllegalStateException("assets.properties missing from the reports jar", e);
      }
      return "/META-INF/resources/webjars/uplot/" + p.getProperty("uplot.version") + "/";
    }

    static String text(String resource) {
      try (InputStream in = HtmlReport.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(resource + " missing from the classpath");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
