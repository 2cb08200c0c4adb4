package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lag bank import}: a study logged by another framework joins a bank and counts as lag's own
 * does. The check is a round trip: one of lag's bank studies, rewritten as a PyTorch loop would log
 * it (runs named {@code CANDIDATE-seedN}, {@code loss} and {@code eval_loss}, no cooldown probes),
 * imported in its place, gives {@code lag bank track} the same table.
 */
class BankImportCliTest {
  private static final String STUDY = "kjv-2to4-s1600-cosine";

  @Test
  void aStudyFromAnotherFrameworksLogsCountsAsLagsOwn(@TempDir Path dir) throws Exception {
    Path lagsBank = Tools.root().resolve("bank");
    Path logs = dir.resolve("torch.jsonl");
    asTorchLogs(lagsBank.resolve(STUDY + ".jsonl.gz"), logs);
    Path bank = Files.createDirectory(dir.resolve("bank"));
    try (Stream<Path> files = Files.list(lagsBank)) {
      // Every study but the one imported in its place (its seed-2 sibling's name starts alike).
      for (Path f :
          files.filter(f -> !f.getFileName().toString().equals(STUDY + ".jsonl.gz")).toList()) {
        Files.copy(f, bank.resolve(f.getFileName()));
      }
    }
    String[] imported = {
      "bank",
      "import",
      logs.toString(),
      "--name",
      "torch-kjv",
      "--bank",
      bank.toString(),
      "--stage",
      "1600",
      "--lr",
      "0.003",
      "--warmup",
      "20",
      "--min-lr-ratio",
      "0.1",
      "--replica-names",
      "(.+)-seed(\\d+)"
    };
    Cli r = Cli.run(imported);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("8 candidates x 3 seeds, a 1600-step cosine stage"), r.out());

    Cli theirs = track(bank);
    Cli ours = track(lagsBank);
    assertEquals(0, theirs.exitCode(), theirs.err());
    assertEquals(ours.out(), theirs.out(), "the imported study is read as the banked one");

    byte[] before = Files.readAllBytes(bank.resolve("torch-kjv.jsonl.gz"));
    Cli again = Cli.run(imported);
    assertEquals(2, again.exitCode(), again.err());
    assertTrue(again.err().contains("--name=torch-kjv: the bank holds"), again.err());
    assertArrayEquals(before, Files.readAllBytes(bank.resolve("torch-kjv.jsonl.gz")));
  }

  /**
   * The track record by the last value: an import carries no cooldown probes, so the default
   * scorer, which reads them, would read the imported study at growth only.
   */
  private static Cli track(Path bank) {
    return Cli.run(
        "bank",
        "track",
        "--stage",
        "1600",
        "--lags",
        "0,320,1280",
        "--scorer",
        "last",
        "--bank",
        bank.toString());
  }

  /** A bank study's steps as a PyTorch loop logs them: a run per candidate and seed. */
  private static void asTorchLogs(Path bankFile, Path logs) throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(bankFile)), StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(logs)) {
      in.readLine(); // the header: what the import has to be told instead
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode d = json.readTree(line);
        ObjectNode o = json.createObjectNode();
        o.put("candidate", d.path("candidate").asText() + "-seed" + d.path("replica").asInt(0));
        o.put("step", d.path("step").asLong());
        if (d.has("trainLoss")) {
          o.put("loss", d.path("trainLoss").asDouble());
        }
        if (d.has("evalLoss")) {
          o.put("eval_loss", d.path("evalLoss").asDouble());
        }
        if (o.size() > 2) {
          out.write(o.toString());
          out.write('\n');
        }
      }
    }
  }

  /** What the study's header keeps: where it came from and the stage it was told. */
  @Test
  void theHeaderKeepsItsSourceAndStage(@TempDir Path dir) throws Exception {
    Path logs = dir.resolve("runs.jsonl");
    StringBuilder lines = new StringBuilder();
    for (String c : List.of("midas", "zero-new")) {
      for (int seed = 0; seed < 2; seed++) {
        for (int step = 0; step <= 10; step += 5) {
          double eval = 3 - step * 0.1 + seed * 0.01 + (c.equals("midas") ? 0 : 0.05);
          lines.append(
              String.format(
                  java.util.Locale.ROOT,
                  "{\"candidate\": \"%s#%d\", \"step\": %d, \"eval_loss\": %.4f}%n",
                  c,
                  seed,
                  step,
                  eval));
        }
      }
    }
    Files.writeString(logs, lines);
    Path bank = dir.resolve("bank");
    Cli r =
        Cli.run(
            "bank",
            "import",
            logs.toString(),
            "--name",
            "mine",
            "--bank",
            bank.toString(),
            "--stage",
            "10",
            "--schedule",
            "wsd(decay=0.2)",
            "--lr",
            "1e-3",
            "--warmup",
            "2",
            "--min-lr-ratio",
            "0",
            "--corpus",
            "bigrams");
    assertEquals(0, r.exitCode(), r.err());
    JsonNode header;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(bank.resolve("mine.jsonl.gz"))),
                StandardCharsets.UTF_8))) {
      header = new ObjectMapper().readTree(in.readLine());
    }
    JsonNode study = header.path("study");
    assertEquals("wsd(decay=0.2)", study.path("config").path("schedule").asText());
    assertEquals("2", study.path("config").path("warmup").asText());
    assertEquals("bigrams", study.path("config").path("corpus").asText());
    assertEquals(logs.toAbsolutePath().toString(), study.path("importedFrom").get(0).asText());
    assertEquals(2.0, study.path("finalsByReplica").path("midas").get(0).asDouble(), 1e-9);
    assertEquals("midas", study.path("pool").get(0).path("growth").asText());
  }
}
