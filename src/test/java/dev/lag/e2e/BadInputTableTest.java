package dev.lag.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User mistakes across the commands, as a table: each prints one line that names the field (or
 * file) and its value, exits with 2, prints no stack trace, and damages nothing that was there: a
 * finished run and a folder of the user's files are byte for byte the same after all of them. The
 * test prints the table (arguments, exit code, message) for people.
 */
@Tag("djl")
class BadInputTableTest {
  @TempDir static Path dir;
  static Path checkpoint;
  static Path finished;
  static Path notes;
  static Path file;
  static Path secret;

  /** One bad input: what the message must contain, and the arguments. */
  record Case(String expected, String... args) {}

  @BeforeAll
  static void fixtures() throws IOException {
    finished = dir.resolve("finished");
    Cli r =
        Cli.run(
            "train",
            "--out",
            finished.toString(),
            "--set",
            "layers=2",
            "--set",
            "dModel=16",
            "--set",
            "heads=2",
            "--set",
            "seqLen=16",
            "--set",
            "batch=2",
            "--set",
            "steps=4",
            "--set",
            "evalInterval=2",
            "--set",
            "embeddedBytes=50000");
    assertEquals(0, r.exitCode(), r.err());
    checkpoint = finished.resolve("checkpoint");
    notes = Files.createDirectory(dir.resolve("notes"));
    Files.writeString(notes.resolve("notes.txt"), "keep me");
    file = Files.writeString(dir.resolve("a-file"), "not a folder");
    secret = Files.writeString(dir.resolve("secret"), "0123456789abcdef-secret");
  }

  static String write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content).toString();
  }

  /** lag bank import of a log with one seed per candidate, a study's stage and schedule told. */
  static String[] importOneSeed(String bank, String... more) throws IOException {
    String log =
        write(
            "one-seed.jsonl",
            "{\"candidate\": \"midas\", \"step\": 10, \"eval_loss\": 2.0}\n"
                + "{\"candidate\": \"zero-new\", \"step\": 10, \"eval_loss\": 2.1}\n");
    return Stream.concat(
            Stream.of(
                "bank",
                "import",
                log,
                "--name",
                "mine",
                "--bank",
                bank,
                "--stage",
                "10",
                "--lr",
                "1e-3",
                "--warmup",
                "0",
                "--min-lr-ratio",
                "0"),
            Stream.of(more))
        .toArray(String[]::new);
  }

  /** lag select at the test's growth point, 4 layers, 100 steps: what a row adds is the mistake. */
  static String[] select4(String... mistake) {
    return Stream.concat(
            Stream.of("select", "--from=" + checkpoint, "--set=steps=100", "--depth", "4"),
            Stream.of(mistake))
        .toArray(String[]::new);
  }

  static List<Case> cases() throws IOException {
    String out = dir.resolve("new-run").toString();
    String ck = checkpoint.toString();
    Path negative = dir.resolve("negative-step");
    if (!Files.exists(negative)) {
      Files.createDirectory(negative);
      try (Stream<Path> files = Files.list(checkpoint)) {
        for (Path f : files.toList()) {
          Files.copy(f, negative.resolve(f.getFileName()));
        }
      }
      Path state = negative.resolve("state.json");
      Files.writeString(
          state, Files.readString(state).replaceFirst("\"step\" : \\d+", "\"step\" : -5"));
    }
    String stackBase =
        "\"dModel\": 16, \"heads\": 2, \"seqLen\": 16, \"batch\": 2, \"embeddedBytes\": 50000";
    String csv = write("garbage.csv", "a,b\n1,2,3\n\"x");
    String growPoint = "--from=" + ck;
    String stage = "--set=steps=100";
    return List.of(
        // bank track: the stage, its schedule and the lags it is asked about
        new Case("--stage=0: must be positive", "bank", "track", "--stage", "0"),
        new Case("--stage=0: must be positive", "bank", "horizon", "--stage", "0"),
        new Case("--budget=0.0: must be in (0, 100]", "bank", "horizon", "--stage=9", "--budget=0"),
        new Case("--pool=midas: name two or more", "bank", "horizon", "--stage=9", "--pool=midas"),
        new Case(
            "schedule=wsd(decay=2)",
            "bank",
            "track",
            "--stage",
            "400",
            "--schedule",
            "wsd(decay=2)"),
        new Case(
            "--lags=400: must be at least 0 and below the stage (400)",
            "bank",
            "track",
            "--stage",
            "400",
            "--lags",
            "0,400"),
        // bank import: what a study from another framework's logs lacks, named
        new Case("INPUT=midas: one seed", importOneSeed(out)),
        new Case(
            "--replica-names=(.+): needs two groups",
            importOneSeed(out, "--replica-names", "(.+)")),
        new Case(
            "--pool=mdas: unknown growth operator 'mdas'",
            "bank",
            "track",
            "--stage",
            "400",
            "--pool",
            "midas,mdas"),
        // train: config keys and values
        new Case("unknown config key 'layer'", "train", "--out", out, "--set", "layer=2"),
        new Case("heads=3 does not divide dModel=128", "train", "--out", out, "--set", "heads=3"),
        // Loading the tokenizers' native library probes CUDA: quiet, as the engine's (issue 24).
        new Case(
            "tokenizer=" + write("garbage-tokenizer.json", "garbage") + ": cannot load it",
            "train",
            "--out",
            out,
            "--set",
            "tokenizer=" + dir.resolve("garbage-tokenizer.json")),
        new Case("layers=-1: must be positive", "train", "--out", out, "--set", "layers=-1"),
        new Case("lr=abc: expected a number", "train", "--out", out, "--set", "lr=abc"),
        new Case("eps=Infinity", "train", "--out", out, "--set", "eps=Infinity"),
        new Case(
            "dModel=100000: too large",
            "train",
            "--out",
            out,
            "--set",
            "dModel=100000",
            "--set",
            "heads=1"),
        new Case("mlpRatio=2000000000", "train", "--out", out, "--set", "mlpRatio=2000000000"),
        // each of these three once overflowed into an exception trace or a silent hang
        new Case("batch=100000000: too large", "train", "--out", out, "--set", "batch=100000000"),
        new Case(
            "embeddedBytes=2147483647: at most",
            "train",
            "--out",
            out,
            "--set",
            "embeddedBytes=2147483647"),
        new Case(
            "replicas=2147483647: at most 64",
            "select",
            "--from",
            checkpoint.toString(),
            "--depth",
            "4",
            "--out",
            out,
            "--set",
            "replicas=2147483647"),
        new Case("device=tpu", "train", "--out", out, "--device", "tpu"),
        new Case("Missing required option: '--out=RUN_DIR'", "train"),
        new Case(
            "config file", "train", "--out", out, "--config", dir.resolve("missing.json") + ""),
        new Case(
            "not one JSON object",
            "train",
            "--out",
            out,
            "--config",
            write("trailing.json", "{\"layers\": 2} x")),
        new Case("--checkpoint-every=-1", "train", "--out", out, "--checkpoint-every", "-1"),
        new Case("--resume and --force", "train", "--out", out, "--resume", "--force"),
        new Case(
            "holds a finished train run (status completed): nothing to resume",
            "train",
            "--out",
            finished.toString(),
            "--resume"),
        // train: where it writes
        new Case("--out=" + file + ": is a file", "train", "--out", file.toString()),
        new Case("holds a finished train run", "train", "--out", finished.toString()),
        new Case("is not empty and holds no lag run", "train", "--out", notes.toString()),
        new Case("state.json step=-5", "train", "--out", out, "--resume-from", negative.toString()),
        // eval
        new Case("--batch=0", "eval", "--ckpt", ck, "--data", csv, "--batch", "0"),
        new Case("no such directory", "eval", "--ckpt", dir.resolve("nope") + "", "--data", csv),
        new Case("--tasks=reading", "eval", "--ckpt", ck, "--tasks", "reading"),
        // grow
        new Case(
            "is not empty and holds no lag checkpoint",
            "grow",
            "--from",
            ck,
            "--op",
            "stack-top",
            "--depth",
            "4",
            "--out",
            notes + ""),
        new Case(
            "holds no lag checkpoint",
            "grow",
            "--from",
            ck,
            "--op",
            "stack-top",
            "--depth",
            "4",
            "--out",
            finished + ""),
        new Case(
            "--depth=2147483647",
            "grow",
            "--from",
            ck,
            "--op",
            "stack-top",
            "--depth",
            "2147483647",
            "--out",
            out),
        new Case(
            "unknown growth operator 'midaz'",
            "grow",
            "--from",
            ck,
            "--op",
            "midaz",
            "--depth",
            "4",
            "--out",
            out),
        new Case(
            "noise=1.0E308: must be a number in [0, 10.0]",
            "grow",
            "--from",
            ck,
            "--op",
            "stack-top(noise=1e308)",
            "--depth",
            "4",
            "--out",
            out),
        new Case(
            "policy successive-halving(r=9223372036854775807, eta=2) r=9223372036854775807: must"
                + " be 1 .. 9007199254740992",
            "select",
            growPoint,
            "--depth",
            "4",
            stage,
            "--policy",
            "successive-halving(r=9223372036854775807, eta=2)",
            "--out",
            out),
        new Case(
            "growth spec 'midas(b=2'",
            "grow",
            "--from",
            ck,
            "--op",
            "midas(b=2",
            "--depth",
            "4",
            "--out",
            out),
        new Case(
            "map: layers=[0, 1, 5, 1] names layer 5",
            "grow",
            "--from",
            ck,
            "--op",
            "map(layers=[0, 1, 5, 1])",
            "--depth",
            "4",
            "--out",
            out),
        new Case(
            "map: layers=[0, 1, 1] gives 3 layers, the target has 4",
            "grow",
            "--from",
            ck,
            "--op",
            "map(layers=[0, 1, 1])",
            "--depth",
            "4",
            "--out",
            out),
        new Case(
            "solar(m=2) builds 0 layers from 2, not 4",
            "grow",
            "--from",
            ck,
            "--op",
            "solar(m=2)",
            "--depth",
            "4",
            "--out",
            out),
        new Case(
            "freeze=0: must be >= 1 step (omit it for none)",
            "grow",
            "--from",
            ck,
            "--op",
            "stack-top(freeze=0)",
            "--depth",
            "4",
            "--out",
            out),
        new Case(
            "ramp=10: acts on the layers a growth adds, and this one adds none",
            "grow",
            "--from",
            ck,
            "--op",
            "widen(ramp=10)",
            "--width",
            "32",
            "--out",
            out),
        // select and study: the growth point, the policy, the runner
        new Case(
            "ramp=500: longer than the stage (steps=100)",
            select4("--pool", "stack-top(ramp=500)", "--out", out)),
        new Case("--runner=locl", select4("--runner", "locl", "--out", finished + "")),
        new Case("--members", select4("--runner", "hazelcast", "--out", out)),
        new Case("--devices=cpu,cpu", select4("--devices", "cpu,cpu", "--out", out)),
        new Case(
            "--members=nohost",
            select4("--runner", "hazelcast", "--members", "nohost", "--out", out)),
        new Case(
            "dModel=64: a growth point keeps the checkpoint's model (dModel=16)",
            select4("--set", "dModel=64", "--out", out)),
        new Case(
            "--depth=2: must be more than the checkpoint's 2 layers",
            "select",
            growPoint,
            stage,
            "--depth",
            "2",
            "--out",
            out),
        new Case(
            "policy=fixed-lag(k=500): its longest lag (500 steps) is longer than the stage (steps=100)",
            select4("--policy", "fixed-lag(k=500)", "--set", "steps=100", "--out", out)),
        new Case(
            "scorer=cooldown(80): a cooldown of 80 steps after a lag of up to 50 runs past the stage"
                + " (steps=100); at most 50",
            select4(
                "--policy",
                "fixed-lag(k=50)",
                "--scorer",
                "cooldown(80)",
                "--set",
                "steps=100",
                "--out",
                out)),
        new Case("replicas=0", select4("--set", "replicas=0", "--out", out)),
        new Case("policy=best", select4("--policy", "best(k=1)", "--out", out)),
        new Case("--scorer=best", select4("--scorer", "best", "--out", out)),
        new Case(
            "--scorer=anneal: fits on earlier studies: give --bank DIR",
            select4("--scorer", "anneal", "--bank", "none", "--out", out)),
        new Case(
            "--policy=hedged: hedged weighs evidence by a bank of earlier studies",
            select4("--policy", "hedged", "--scorer", "last", "--bank", "none", "--out", out)),
        new Case("mix weight w=2.0", select4("--score", "mix(2)", "--out", out)),
        new Case("holds a lag train run, not a select run", select4("--out", finished.toString())),
        new Case(
            "steps=0: the stage after growth needs at least one step",
            "study",
            growPoint,
            stage,
            "--depth",
            "4",
            "--set",
            "steps=0",
            "--out",
            out),
        new Case(
            "--grid=-5", "study", growPoint, stage, "--depth", "4", "--grid", "-5", "--out", out),
        // stack configs
        new Case(
            "give one of budgetTokens and budgetFlops",
            "stack",
            "--out",
            out,
            "--config",
            write(
                "both.json",
                "{\"depths\": [1, 2], \"budgetTokens\": 9000, \"budgetFlops\": 1e12, "
                    + stackBase
                    + "}")),
        new Case(
            "scorer=anneal: fits on earlier studies: give bank DIR",
            "stack",
            "--out",
            out,
            "--config",
            write(
                "nobank.json",
                "{\"depths\": [1, 2], \"bank\": \"none\", \"scorer\": \"anneal\", "
                    + stackBase
                    + "}")),
        new Case(
            "budgetTokens=\"abc\"",
            "stack",
            "--out",
            out,
            "--config",
            write(
                "abc.json", "{\"depths\": [1, 2], \"budgetTokens\": \"abc\", " + stackBase + "}")),
        new Case(
            "baselines=\"no\"",
            "stack",
            "--out",
            out,
            "--config",
            write("no.json", "{\"depths\": [1, 2], \"baselines\": \"no\", " + stackBase + "}")),
        new Case(
            "alpha=\"x\"",
            "stack",
            "--out",
            out,
            "--config",
            write("alpha.json", "{\"depths\": [1, 2], \"alpha\": \"x\", " + stackBase + "}")),
        new Case(
            "depths=[1.9,2.7]",
            "stack",
            "--out",
            out,
            "--config",
            write("float.json", "{\"depths\": [1.9, 2.7], " + stackBase + "}")),
        new Case(
            "depths=[4, 2]: must increase",
            "stack",
            "--out",
            out,
            "--config",
            write("ok.json", "{\"depths\": [1, 2], " + stackBase + "}"),
            "--set",
            "depths=4,2"),
        new Case(
            "unknown config key 'depth'",
            "stack",
            "--out",
            out,
            "--config",
            dir.resolve("ok.json") + "",
            "--set",
            "depth=3"),
        // analyze and report
        new Case("no step column", "analyze", csv),
        new Case("--grid=-5", "analyze", finished.toString(), "--grid", "-5"),
        new Case("--final-window=-3", "analyze", finished.toString(), "--final-window", "-3"),
        new Case(
            "--out=" + notes + ": is a folder",
            "analyze",
            finished.toString(),
            "--out",
            notes.toString()),
        new Case(
            "--csv=" + file + ": is a file",
            "report",
            finished.toString(),
            "--out",
            dir.resolve("r.html") + "",
            "--csv",
            file.toString()),
        new Case(
            "--md=" + notes + ": is a folder",
            "report",
            finished.toString(),
            "--out",
            dir.resolve("r.html") + "",
            "--md",
            notes.toString()),
        // serve and worker
        new Case("--state=" + file + ": is a file", "serve", "--state", file.toString()),
        new Case("--port=70000", "serve", "--port", "70000"),
        new Case(
            "--members=garbage",
            "worker",
            "--members",
            "garbage",
            "--secret-file",
            secret.toString()),
        new Case(
            "--bind=8.8.8.8: not an address of this machine",
            "worker",
            "--bind",
            "8.8.8.8",
            "--secret-file",
            secret.toString()),
        new Case("device=gpu:3", "worker", "--device", "gpu:3", "--secret-file", secret.toString()),
        new Case("--out=" + file + ": is a file", "demo", "--out", file.toString()),
        new Case("--d=10", "bench", "profile", "--d", "10"),
        new Case("--k=1", "bench", "profile", "--k", "1"),
        new Case("--out=" + file + ": is a file", "bench", "profile", "--out", file.toString()),
        new Case("device=gpu:7", "bench", "candidates", "--device", "gpu:7"),
        new Case("--lags=: give at least one share", "bench", "selection", "--lags", ","));
  }

  @Test
  void everyMistakeIsOneLineExit2AndDamagesNothing() throws Exception {
    String before = digest(dir.resolve("finished")) + digest(notes);
    List<Case> cases = cases();
    List<String> failures = new ArrayList<>();
    for (Case c : cases) {
      Cli r = Cli.run(c.args());
      String err = r.err().strip();
      List<String> lines =
          err.lines().filter(l -> !l.startsWith("Try 'lag") && !l.startsWith("Usage")).toList();
      boolean ok =
          r.exitCode() == 2
              && err.contains(c.expected())
              && lines.size() == 1
              && !err.contains("\tat ")
              && !err.contains("internal error");
      if (!ok) {
        failures.add(String.join(" ", c.args()) + "\n  exit " + r.exitCode() + ": " + err);
      }
      System.out.println(
          "| `lag "
              + String.join(" ", c.args()).replace(dir.toString(), "D")
              + "` | "
              + r.exitCode()
              + " | "
              + (lines.isEmpty() ? "" : lines.get(0).replace(dir.toString(), "D"))
              + " |");
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + cases.size() + ":\n" + failures);
    assertTrue(cases.size() >= 40, "at least 40 distinct mistakes: " + cases.size());
    assertEquals(before, digest(dir.resolve("finished")) + digest(notes), "nothing damaged");
    assertFalse(Files.exists(dir.resolve("new-run").resolve("run.json")), "nothing started");
  }

  /** SHA-256 of every file below {@code root}, by relative path. */
  static String digest(Path root) throws Exception {
    TreeMap<String, String> sums = new TreeMap<>();
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
        sums.put(root.relativize(p).toString(), HexFormat.of().formatHex(d));
      }
    }
    return sums.toString();
  }
}
