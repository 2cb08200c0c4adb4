package dev.lag.analysis.bank;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.importers.Importers;
import dev.lag.analysis.io.JsonFiles;
import dev.lag.analysis.spec.Spec;
import dev.lag.analysis.trajectory.Trajectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Earlier studies ({@code lag study} folders, or {@link BankFile}s) that later selections learn
 * from: a learned scorer trains on their trajectories, and the operators' mean final ranks across
 * them are a prior measured on the user's own runs. A study is left out of the bank it is judged
 * against (leave-one-study-out), so that no study validates a scorer trained on itself.
 */
public final class StudyBank {
  private final Path root;
  private final List<BankStudy> studies;

  private StudyBank(Path root, List<BankStudy> studies) {
    this.root = root;
    this.studies = List.copyOf(studies);
  }

  /**
   * Every study below {@code root} (each {@code study.json} with its {@code metrics.jsonl}).
   *
   * @throws InvalidInputException naming {@code --bank} when there is none, or a study is
   *     unreadable
   */
  public static StudyBank load(Path root) {
    if (!Files.isDirectory(root)) {
      throw InvalidInputException.field("--bank", root, "no such folder");
    }
    List<Path> found;
    try (Stream<Path> files = Files.walk(root)) {
      found =
          files
              .filter(p -> p.getFileName().toString().equals("study.json") || BankFile.named(p))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (found.isEmpty()) {
      throw InvalidInputException.field(
          "--bank",
          root,
          "holds no study (no study.json or "
              + BankFile.SUFFIX
              + " below it; lag study writes one)");
    }
    List<BankStudy> studies = new ArrayList<>();
    for (Path p : found) {
      studies.add(BankFile.named(p) ? BankFile.read(p) : read(p.getParent()));
    }
    return new StudyBank(root, studies);
  }

  private static BankStudy read(Path dir) {
    JsonNode study = JsonFiles.readObject(dir.resolve("study.json"), "--bank study");
    Path metrics = dir.resolve("metrics.jsonl");
    if (!Files.isRegularFile(metrics)) {
      throw InvalidInputException.field(
          "--bank", dir, "not a complete study (metrics.jsonl is missing)");
    }
    return fromJson(dir, dir.getFileName().toString(), study, Importers.load(metrics));
  }

  /**
   * A study from its {@code study.json} and its trajectories, wherever they were kept.
   *
   * @param where its folder or bank file, for messages and {@link #without}
   */
  static BankStudy fromJson(
      Path where, String name, JsonNode study, List<Trajectory> trajectories) {
    Map<String, String> growth = new LinkedHashMap<>();
    for (JsonNode c : study.path("pool")) {
      growth.put(c.path("name").asText(), c.path("growth").asText());
    }
    Map<String, Double> finals = new LinkedHashMap<>();
    for (JsonNode c : study.path("candidates")) {
      boolean diverged = c.path("diverged").asBoolean();
      finals.put(
          c.path("name").asText(), diverged ? Double.NaN : c.path("final").asDouble(Double.NaN));
    }
    if (growth.isEmpty() || finals.isEmpty()) {
      throw InvalidInputException.field(
          "--bank", where, "not a complete study (its study.json has no pool or candidates)");
    }
    Map<String, double[]> byReplica = new LinkedHashMap<>();
    study
        .path("finalsByReplica")
        .fields()
        .forEachRemaining(
            e -> {
              double[] v = new double[e.getValue().size()];
              for (int i = 0; i < v.length; i++) {
                v[i] = e.getValue().get(i).asDouble(Double.NaN);
              }
              byReplica.put(e.getKey(), v);
            });
    List<Integer> cooldowns = new ArrayList<>();
    study.path("cooldowns").forEach(c -> cooldowns.add(c.asInt()));
    if (byReplica.isEmpty()) {
      finals.forEach((n, f) -> byReplica.put(n, new double[] {f}));
    }
    Map<String, String> config = new LinkedHashMap<>();
    study
        .path("config")
        .fields()
        .forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
    return new BankStudy(
        where,
        name,
        config,
        growth,
        study.path("finalStep").asLong(),
        finals,
        byReplica,
        cooldowns,
        trajectories);
  }

  /** The one study in {@code dir} (its study.json and metrics.jsonl), or in a bank file. */
  public static BankStudy study(Path dir) {
    if (Files.isRegularFile(dir) && BankFile.named(dir)) {
      return BankFile.read(dir);
    }
    if (!Files.isRegularFile(dir.resolve("study.json"))) {
      throw InvalidInputException.field("STUDY", dir, "no study.json in it (lag study writes one)");
    }
    return read(dir);
  }

  /** Where the bank was loaded from. */
  public Path root() {
    return root;
  }

  /** Its studies, in path order. */
  public List<BankStudy> studies() {
    return studies;
  }

  /**
   * The bank without the study in {@code dir} (or any study below it): what a scorer judged on that
   * study may learn from.
   *
   * @throws InvalidInputException when nothing is left
   */
  public StudyBank without(Path dir) {
    Path out = dir.toAbsolutePath().normalize();
    List<BankStudy> kept =
        studies.stream()
            .filter(s -> !s.dir().toAbsolutePath().normalize().startsWith(out))
            .toList();
    if (kept.isEmpty()) {
      throw InvalidInputException.field(
          "--bank", root, "holds no study but " + dir + ", which cannot be judged on itself");
    }
    return new StudyBank(root, kept);
  }

  /** Every replica of every candidate of every study: complete trajectories to learn from. */
  public List<Trajectory> trajectories() {
    List<Trajectory> all = new ArrayList<>();
    studies.forEach(s -> all.addAll(s.trajectories()));
    return all;
  }

  /**
   * Fails unless every operator of a pool was run by some study of the bank: a bank of other pools
   * says nothing about these candidates.
   *
   * @param growthSpecs the pool's growth specs
   */
  public void checkCovers(Collection<String> growthSpecs) {
    Map<String, Double> ranks = meanFinalRanks();
    for (String spec : growthSpecs) {
      String op = operator(spec);
      if (!ranks.containsKey(op)) {
        throw InvalidInputException.field(
            "--bank",
            root,
            "no study in it ran "
                + op
                + " (its studies ran "
                + String.join(", ", new TreeSet<>(ranks.keySet()))
                + ")");
      }
    }
  }

  /**
   * Each operator's final rank, scaled to [0, 1] within its study (0 best; ties share the mean
   * rank), averaged over the studies that ran it; diverged candidates rank last. Keyed by operator
   * name ({@code midas} of {@code midas(b=2)}).
   */
  public Map<String, Double> meanFinalRanks() {
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (BankStudy s : studies) {
      List<String> names = new ArrayList<>(s.finals().keySet());
      int n = names.size();
      for (String name : names) {
        double mine = key(s.finals().get(name));
        double below = 0;
        double equal = 0;
        for (String other : names) {
          double v = key(s.finals().get(other));
          below += v < mine ? 1 : 0;
          equal += v == mine ? 1 : 0;
        }
        double rank = below + (equal - 1) / 2.0;
        double scaled = n == 1 ? 0 : rank / (n - 1);
        double[] acc =
            sums.computeIfAbsent(operator(s.growth().getOrDefault(name, name)), k -> new double[2]);
        acc[0] += scaled;
        acc[1]++;
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    sums.entrySet().stream()
        .sorted(Comparator.comparingDouble(e -> e.getValue()[0] / e.getValue()[1]))
        .forEach(e -> out.put(e.getKey(), e.getValue()[0] / e.getValue()[1]));
    return out;
  }

  private static double key(Double v) {
    return v == null || Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  private static String operator(String spec) {
    try {
      return Spec.parse("growth spec", spec, "midas").name();
    } catch (InvalidInputException e) {
      return spec;
    }
  }
}
