package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A lag checkpoint loads into a plain PyTorch GPT ({@code tools/check_checkpoint.py}) and gives the
 * loss {@code lag eval} gives on the same file.
 */
@Tag("djl")
class PytorchCheckpointTest {
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void pytorchComputesTheSameLoss(boolean tied, @TempDir Path dir) throws Exception {
    assumeTrue(Tools.hasTorch(), "needs Debian's python3-torch: apt-get install -y python3-torch");
    Path run = dir.resolve("run");
    Cli train =
        Cli.run(
            TrainCliTest.concat(
                TrainCliTest.args("train", "--out", run.toString()),
                "--set",
                "tiedEmbeddings=" + tied));
    assertEquals(0, train.exitCode(), train.err());
    Path data = dir.resolve("eval.txt");
    java.nio.file.Files.writeString(
        data, dev.lag.trainer.data.SyntheticCorpus.generate(20_000, 99));
    Path ckpt = run.resolve("checkpoint");

    Cli eval = Cli.run("eval", "--ckpt", ckpt.toString(), "--data", data.toString(), "--json");
    assertEquals(0, eval.exitCode(), eval.err());
    double lagLoss = new ObjectMapper().readTree(eval.out()).path("loss").asDouble();

    Tools.Result torch =
        Tools.run(
            List.of(
                Tools.PYTHON.toString(),
                Tools.root().resolve("tools/check_checkpoint.py").toString(),
                "--ckpt",
                ckpt.toString(),
                "--data",
                data.toString(),
                "--json"));
    assertEquals(0, torch.exitCode(), torch.out());
    String last = torch.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    double torchLoss = new ObjectMapper().readTree(last).path("loss").asDouble();
    System.out.printf("lag eval %.6f, PyTorch %.6f%n", lagLoss, torchLoss);
    assertEquals(lagLoss, torchLoss, 1e-4);
  }
}
