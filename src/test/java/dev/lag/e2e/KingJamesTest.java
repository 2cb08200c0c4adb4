package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains on real English: the King James Bible as Debian's bible-kjv prints it. */
@Tag("djl")
class KingJamesTest {
  static final Path BIBLE = Path.of("/usr/bin/bible");

  @Test
  void trainsOnTheKingJamesBible(@TempDir Path dir) throws Exception {
    assumeTrue(
        Files.isExecutable(BIBLE),
        "skipped: the King James text comes from Debian's bible-kjv (apt-get install -y bible-kjv)");
    Tools.Result text = Tools.run(List.of(BIBLE.toString(), "-l0", "Gen1:1-Rev22:21"));
    assertEquals(0, text.exitCode());
    Path corpus = Files.writeString(dir.resolve("kjv.txt"), text.out());
    assertTrue(Files.size(corpus) > 4_000_000, "the whole Bible: " + Files.size(corpus) + " bytes");

    Path run = dir.resolve("run");
    Cli train =
        Cli.run(
            TrainCliTest.concat(
                TrainCliTest.args("train", "--out", run.toString()), "--set", "corpus=" + corpus));
    assertEquals(0, train.exitCode(), train.err());
    JsonNode record = new ObjectMapper().readTree(run.resolve("run.json").toFile());
    assertEquals(corpus.toString(), record.path("data").path("source").asText());
    assertTrue(record.path("data").path("trainTokens").asLong() > 3_800_000);
    double first = Math.log(256);
    assertTrue(
        record.path("summary").path("finalEvalLoss").asDouble() < first - 1.5, record.toString());
  }
}
