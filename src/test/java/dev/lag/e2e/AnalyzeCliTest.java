package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lag analyze} on a folder of Hugging Face runs, with the documented JSON schema. */
class AnalyzeCliTest {
  /** A trainer_state.json whose loss starts at {@code start} and settles at {@code end}. */
  static String trainerState(double start, double end) {
    StringBuilder log = new StringBuilder("{\"global_step\": 200, \"log_history\": [");
    for (int step = 10; step <= 200; step += 10) {
      double w = Math.exp(-step / 30.0);
      log.append(
          String.format(
              Locale.ROOT, "{\"loss\": %.5f, \"step\": %d},", w * start + (1 - w) * end, step));
      log.append(
          String.format(
              Locale.ROOT,
              "{\"eval_loss\": %.5f, \"step\": %d},",
              w * start + (1 - w) * end + 0.01,
              step));
    }
    log.append("{\"step\": 200, \"train_loss\": 2.5}]}");
    return log.toString();
  }

  @Test
  void analyzesAFolderOfHuggingFaceRuns(@TempDir Path dir) throws Exception {
    double[][] runs = {{3.0, 1.9}, {2.6, 1.95}, {2.0, 2.0}, {2.3, 2.1}, {2.9, 2.2}};
    for (int i = 0; i < runs.length; i++) {
      Path run = Files.createDirectories(dir.resolve("runs/op" + i));
      Files.writeString(run.resolve("trainer_state.json"), trainerState(runs[i][0], runs[i][1]));
    }
    Path out = dir.resolve("result.json");
    Cli r =
        Cli.run(
            "analyze",
            dir.resolve("runs").toString(),
            "--grid",
            "10,50,100,200",
            "--out",
            out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("5 candidates (0 diverged), final step 200, eval loss"), r.out());

    JsonNode json = new ObjectMapper().readTree(out.toFile());
    assertEquals(2, json.path("schemaVersion").asInt());
    assertEquals(5, json.path("candidates").size());
    assertEquals(200, json.path("finalStep").asLong());
    assertEquals("last", json.path("scorer").asText());
    assertEquals("op0", json.path("best").asText());
    JsonNode first = json.path("curve").get(0);
    for (String field :
        new String[] {
          "step", "spearman", "spearmanP", "kendall", "kendallP", "pearson", "top1", "regret"
        }) {
      assertTrue(first.has(field), "curve entries have " + field);
    }
    assertEquals("op2", first.path("pick").asText(), "at k=10 the flattest start leads");
    assertTrue(json.path("curve").get(3).path("top1").asBoolean());
    assertEquals(1.0, json.path("curve").get(3).path("spearman").asDouble(), 1e-12);
  }

  /**
   * Issue 22's case: Hugging Face runs logged every 10 steps with Gaussian noise 0.005 and finals
   * 0.058 apart (more than 3x the noise) are not tied at the final step, and two runs 0.001 apart
   * are: the reading noise of logs without per-batch losses is neither far too wide nor too narrow.
   */
  @Test
  void runsWhoseFinalsDifferByMoreThanThreeTimesTheirNoiseAreNotTied(@TempDir Path dir)
      throws Exception {
    double[] finals = {1.900, 1.958, 2.016, 1.901};
    SplittableRandom noise = new SplittableRandom(22);
    for (int i = 0; i < finals.length; i++) {
      StringBuilder log = new StringBuilder("{\"global_step\": 2000, \"log_history\": [");
      for (int step = 10; step <= 2000; step += 10) {
        double loss = finals[i] + 1.5 / Math.sqrt(step) - 1.5 / Math.sqrt(2000);
        log.append(step == 10 ? "" : ",")
            .append(
                String.format(
                    Locale.ROOT,
                    "{\"eval_loss\": %.5f, \"step\": %d}",
                    loss + 0.005 * noise.nextGaussian(),
                    step));
      }
      Path run = Files.createDirectories(dir.resolve("runs/run" + i));
      Files.writeString(run.resolve("trainer_state.json"), log.append("]}").toString());
    }
    Path out = dir.resolve("result.json");
    Cli r = Cli.run("analyze", dir.resolve("runs").toString(), "--out", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    JsonNode curve = new ObjectMapper().readTree(out.toFile()).path("curve");
    JsonNode last = curve.get(curve.size() - 1);
    assertEquals(2000, last.path("step").asLong());
    List<String> tied = new ArrayList<>();
    last.path("tiedWithPick").forEach(t -> tied.add(t.asText()));
    String pick = last.path("pick").asText();
    assertTrue(pick.equals("run0") || pick.equals("run3"), last.toString());
    assertEquals(List.of(pick.equals("run0") ? "run3" : "run0"), tied, last.toString());
  }

  @Test
  void badInputIsOneLine(@TempDir Path dir) throws Exception {
    Cli none = Cli.run("analyze", dir.resolve("nothing").toString());
    assertEquals(2, none.exitCode());
    assertTrue(none.err().contains("no such file or folder"), none.err());
    Path bad = Files.writeString(dir.resolve("x.csv"), "step,loss\n1,oops\n");
    Cli r = Cli.run("analyze", bad.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("loss=oops is not a number"), r.err());
    Path ok = Files.writeString(dir.resolve("y.csv"), "candidate,step,loss\na,1,2\nb,1,3\n");
    Cli scorer = Cli.run("analyze", ok.toString(), "--scorer", "magic");
    assertEquals(2, scorer.exitCode());
    assertTrue(scorer.err().contains("--scorer=magic: unknown"), scorer.err());
  }
}
