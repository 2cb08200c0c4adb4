package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lag.selector.serve.LagServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "From PyTorch" loop runs as written: the test takes the Python block from the
 * README, gives it what it leaves to the user (three small PyTorch models, their training step,
 * batches and evaluation) and runs it against a real {@code lag serve} with Debian's torch.
 */
class ReadmeSnippetTest {
  /** What the snippet leaves to the user: tiny bigram models that learn at different rates. */
  static final String USERS_OWN =
      """
      import torch
      torch.manual_seed(0)
      stage_steps = 80
      vocab, dim = 32, 16
      data = torch.randint(0, vocab, (stage_steps + 1, 8, 9))
      batches = {s: data[s] for s in range(stage_steps + 1)}
      held_out = torch.randint(0, vocab, (8, 9))

      def make(lr):
          m = torch.nn.Sequential(torch.nn.Embedding(vocab, dim), torch.nn.Linear(dim, vocab))
          m.opt = torch.optim.SGD(m.parameters(), lr=lr)
          return m

      models = {"stack-top": make(0.5), "midas": make(0.05), "zero-new": make(0.01)}

      def loss_of(m, b):
          logits = m(b[:, :-1]).reshape(-1, vocab)
          return torch.nn.functional.cross_entropy(logits, b[:, 1:].reshape(-1))

      def train_step(m, b):
          m.opt.zero_grad()
          loss = loss_of(m, b)
          loss.backward()
          m.opt.step()
          return loss.item()

      def evaluate(m):
          with torch.no_grad():
              return loss_of(m, held_out).item()

      """;

  static String snippet() throws Exception {
    String readme = Files.readString(Tools.root().resolve("README.md"));
    int section = readme.indexOf("## From PyTorch");
    int start = readme.indexOf("```python\n", section);
    int end = readme.indexOf("```", start + 10);
    assertTrue(section >= 0 && start > section && end > start, "the README's Python block");
    return readme.substring(start + "```python\n".length(), end);
  }

  @Test
  void theFromPyTorchLoopRunsAsWritten(@TempDir Path dir) throws Exception {
    assumeTrue(Tools.hasTorch(), "needs Debian's python3-torch: apt-get install -y python3-torch");
    Path script =
        Files.writeString(
            dir.resolve("readme_loop.py"),
            USERS_OWN + snippet() + "\nprint('winner', winner, sorted(models))\n");
    try (LagServer server = Tools.service(dir.resolve("state"))) {
      Tools.Result run =
          Tools.run(
              List.of(Tools.PYTHON.toString(), script.toString()),
              Map.of(
                  "PYTHONPATH",
                  Tools.root().resolve("clients/python").toString(),
                  "LAG_URL",
                  "http://127.0.0.1:" + server.port(),
                  "PYTHONDONTWRITEBYTECODE",
                  "1"));
      assertEquals(0, run.exitCode(), run.out());
      // The fastest learner wins the halving; the selection is decided.
      assertTrue(run.out().contains("winner stack-top"), run.out());
    }
  }
}
