package dev.lag.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lag.analysis.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {
  @Test
  void assignmentsOverrideEveryRecord() {
    RunConfig c =
        RunConfig.DEFAULT.withAssignments(
            List.of(
                "layers=2",
                "steps=200",
                "lr=3e-4",
                "device=cpu",
                "tiedEmbeddings=false",
                "corpus=x.txt"));
    assertEquals(2, c.model().layers());
    assertEquals(200, c.train().steps());
    assertEquals(3e-4, c.train().lr());
    assertEquals(false, c.model().tiedEmbeddings());
    assertEquals("x.txt", c.data().corpus());
    assertEquals(
        RunConfig.DEFAULT.model().dModel(), c.model().dModel(), "untouched keys keep defaults");
  }

  @Test
  void errorsNameTheFieldAndValue() {
    assertMessage("heads=3 does not divide dModel=128", "heads=3");
    assertMessage("layers=0: must be positive", "layers=0");
    assertMessage("layers=two: expected an integer", "layers=two");
    assertMessage("lr=-1.0: must be a positive finite number", "lr=-1");
    assertMessage(
        "schedule=cosin: must be one of cosine, linear, constant, wsd(", "schedule=cosin");
    assertMessage("schedule=wsd(decay=2): decay must be in (0, 1]", "schedule=wsd(decay=2)");
    assertMessage("device=tpu: must be cpu, gpu or gpu:N", "device=tpu");
    assertMessage("tiedEmbeddings=yes: expected true or false", "tiedEmbeddings=yes");
    assertMessage("--set layers: expected key=value", "layers");
    assertMessage("grownLayers=2,x: expected layer indices", "grownLayers=2,x");
    assertMessage("grownLayers=2,4: names layer 4, the model has layers 0..3", "grownLayers=2,4");
    assertMessage("freeze=10: needs grownLayers", "freeze=10");
    assertMessage("ramp=-1: must not be negative", "ramp=-1");
    assertMessage(
        "embeddedBytes=2147483647: at most 1073741824 (the text is generated in one Java string)",
        "embeddedBytes=2147483647");
    assertMessage(
        "replicas=2147483647: at most 64 (each trains every candidate)", "replicas=2147483647");
    // 10^8 sequences of 128 tokens overflowed an int into NegativeArraySizeException at step 0.
    assertMessage(
        "batch=100000000: too large: a step's token ids (batch x seqLen) would hold 12800000000",
        "batch=100000000");
  }

  @Test
  void unknownKeyListsTheKnownOnes() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> RunConfig.DEFAULT.withAssignments(List.of("layer=2")));
    assertTrue(e.getMessage().startsWith("unknown config key 'layer'"), e.getMessage());
    assertTrue(e.getMessage().contains("dModel, heads, layers"), e.getMessage());
  }

  @Test
  void jsonRoundTripAndFile(@TempDir Path dir) throws Exception {
    ObjectMapper json = new ObjectMapper();
    RunConfig c = RunConfig.DEFAULT.with(Map.of("layers", "6", "seed", "42", "schedule", "linear"));
    assertEquals(c, RunConfig.fromJson(c.toJson(json)));

    Path file = dir.resolve("c.json");
    Files.writeString(file, "{\"layers\": 2, \"dModel\": 64, \"lr\": 0.001}");
    RunConfig fromFile = RunConfig.DEFAULT.withFile(file, json);
    assertEquals(2, fromFile.model().layers());
    assertEquals(64, fromFile.model().dModel());

    Files.writeString(file, "{\"layers\": [2]}");
    assertThrows(InvalidInputException.class, () -> RunConfig.DEFAULT.withFile(file, json));
    Files.writeString(file, "not json");
    InvalidInputException e =
        assertThrows(InvalidInputException.class, () -> RunConfig.DEFAULT.withFile(file, json));
    assertTrue(e.getMessage().startsWith("config file " + file), e.getMessage());
  }

  private static void assertMessage(String expected, String assignment) {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class,
            () -> RunConfig.DEFAULT.withAssignments(List.of(assignment)));
    assertTrue(e.getMessage().startsWith(expected), "got: " + e.getMessage());
  }
}
