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
 * The Python client as a user gets it: {@code pip install ./clients/python} offline, then its own
 * tests against a real {@code lag serve}.
 */
class PythonPackageTest {
  @Test
  void installsOfflineAndPassesItsTestsAgainstARealService(@TempDir Path dir) throws Exception {
    assumeTrue(Tools.hasPip(), "needs Debian's python3-pip: apt-get install -y python3-pip");
    Path site = dir.resolve("site");
    Tools.Result install =
        Tools.run(
            List.of(
                Tools.PYTHON.toString(),
                "-m",
                "pip",
                "install",
                "--no-index",
                "--disable-pip-version-check",
                "--target",
                site.toString(),
                Tools.root().resolve("clients/python").toString()));
    assertEquals(0, install.exitCode(), install.out());
    assertTrue(Files.isRegularFile(site.resolve("lag_client/py.typed")), "typed: " + install.out());

    try (LagServer server = Tools.service(dir.resolve("state"))) {
      Tools.Result tests =
          Tools.run(
              List.of(
                  Tools.PYTHON.toString(),
                  "-m",
                  "unittest",
                  "discover",
                  "-v",
                  "-s",
                  Tools.root().resolve("clients/python/tests").toString()),
              Map.of(
                  "PYTHONPATH",
                  site.toString(),
                  "LAG_URL",
                  "http://127.0.0.1:" + server.port(),
                  "PYTHONDONTWRITEBYTECODE",
                  "1"));
      assertEquals(0, tests.exitCode(), tests.out());
      assertTrue(tests.out().contains("Ran 14 tests"), tests.out());
      assertTrue(!tests.out().contains("skipped"), "every test ran: " + tests.out());
    }
  }
}
