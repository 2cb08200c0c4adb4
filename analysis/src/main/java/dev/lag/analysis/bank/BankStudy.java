package dev.lag.analysis.bank;

import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.trajectory.Trajectory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One study of a bank.
 *
 * @param dir its folder, or its bank file
 * @param name what tables call it: the bank file's name, or the folder's
 * @param config the stage's run config as the study recorded it (flat keys: {@code steps}, {@code
 *     schedule}, {@code lr}, {@code corpus}, ...; empty when it recorded none)
 * @param growth each candidate's growth spec, by candidate name, in pool order
 * @param finalStep the stage's last step
 * @param finals each candidate's final loss (the mean over its replicas; NaN when it diverged)
 * @param finalsByReplica each candidate's final loss per replica (replica order)
 * @param cooldowns the lengths of the cooldown probes it took at every lag of its grid
 * @param trajectories every replica of every candidate, each trained to the end of the stage;
 *     replica r &gt; 0 of candidate c is named {@code c#r}
 */
public record BankStudy(
    Path dir,
    String name,
    Map<String, String> config,
    Map<String, String> growth,
    long finalStep,
    Map<String, Double> finals,
    Map<String, double[]> finalsByReplica,
    List<Integer> cooldowns,
    List<Trajectory> trajectories) {
  /** Immutable copies. */
  public BankStudy {
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
    growth = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(growth));
    finals = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(finals));
    finalsByReplica =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(finalsByReplica));
    cooldowns = List.copyOf(cooldowns);
    trajectories = List.copyOf(trajectories);
  }

  /**
   * The learning rate of every step of the stage, as the trainer ran it (the trainer's defaults for
   * keys the config does not name).
   */
  public LearningRateSchedule schedule() {
    double lr = Double.parseDouble(config.getOrDefault("lr", "0.002"));
    return new LearningRateSchedule(
        lr,
        lr * Double.parseDouble(config.getOrDefault("minLrRatio", "0.1")),
        Integer.parseInt(config.getOrDefault("warmup", "30")),
        (int) finalStep,
        config.getOrDefault("schedule", "cosine"));
  }

  /** Each candidate's replicas in replica order, candidates in pool order. */
  public Map<String, List<Trajectory>> replicas() {
    Map<String, List<Trajectory>> out = new java.util.LinkedHashMap<>();
    growth.keySet().forEach(name -> out.put(name, new java.util.ArrayList<>()));
    for (Trajectory t : trajectories) {
      int mark = t.name().lastIndexOf(dev.lag.analysis.importers.JsonImporter.REPLICA);
      String name = candidate(t);
      int replica = mark < 0 ? 0 : Integer.parseInt(t.name().substring(mark + 1));
      List<Trajectory> list = out.computeIfAbsent(name, k -> new java.util.ArrayList<>());
      while (list.size() <= replica) {
        list.add(null);
      }
      list.set(replica, t);
    }
    return out;
  }

  /**
   * The same study seen with a smaller pool: only the candidates grown by one of {@code operators}
   * (growth specs, as {@link #growth} spells them), in this study's pool order. Every candidate of
   * a study trained on its own, so a smaller pool's study is the larger one's curves and finals
   * restricted to its candidates: a pool a user brings can be judged on a bank without training
   * again. The name gains {@code [pool]}; the folder stays the study's, so leaving it out of a bank
   * leaves out every view of it.
   *
   * @throws InvalidInputException when an operator is not in this study's pool
   */
  public BankStudy withPool(List<String> operators) {
    for (String op : operators) {
      if (!growth.containsValue(op)) {
        throw new InvalidInputException(
            op + " is not an operator of study " + name + " (it ran " + growth.values() + ")");
      }
    }
    Map<String, String> kept = new java.util.LinkedHashMap<>();
    growth.forEach(
        (candidate, spec) -> {
          if (operators.contains(spec)) {
            kept.put(candidate, spec);
          }
        });
    Map<String, Double> keptFinals = new java.util.LinkedHashMap<>(finals);
    keptFinals.keySet().retainAll(kept.keySet());
    Map<String, double[]> keptByReplica = new java.util.LinkedHashMap<>(finalsByReplica);
    keptByReplica.keySet().retainAll(kept.keySet());
    List<Trajectory> keptRuns =
        trajectories.stream().filter(t -> kept.containsKey(candidate(t))).toList();
    return new BankStudy(
        dir,
        name + "[" + String.join(",", operators) + "]",
        config,
        kept,
        finalStep,
        keptFinals,
        keptByReplica,
        cooldowns,
        keptRuns);
  }

  /** The candidate a replica's trajectory belongs to ({@code c#r} is candidate {@code c}). */
  private static String candidate(Trajectory t) {
    int mark = t.name().lastIndexOf(dev.lag.analysis.importers.JsonImporter.REPLICA);
    return mark < 0 ? t.name() : t.name().substring(0, mark);
  }
}
