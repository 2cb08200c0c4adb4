package dev.lag.selector.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.bank.StudyBank;
import dev.lag.analysis.curve.LagCurve;
import dev.lag.analysis.curve.LagCurveJson;
import dev.lag.analysis.schedule.LearningRateSchedule;
import dev.lag.analysis.scoring.Scorers;
import dev.lag.analysis.stats.RankAgreement;
import dev.lag.analysis.trajectory.BatchLosses;
import dev.lag.analysis.trajectory.Metric;
import dev.lag.analysis.trajectory.Point;
import dev.lag.analysis.trajectory.Trajectory;
import dev.lag.selector.Evidence;
import dev.lag.selector.Prior;
import dev.lag.selector.Selection;
import dev.lag.selector.SelectionJson;
import dev.lag.selector.policy.Policies;
import dev.lag.selector.push.Advice;
import dev.lag.selector.push.PushSelection;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Selections that training loops elsewhere report to: the service behind {@code lag serve}, usable
 * on its own. Each selection is a {@link PushSelection}, so policies, scorers and ranking are the
 * ones {@link dev.lag.selector.LagSelector} uses. Every report is on disk before its request is
 * answered, and a service started on the same state directory resumes every selection. Thread-safe.
 */
public final class LagService implements Closeable {
  private final SelectionStore store;
  private final Consumer<String> specCheck;
  private final Map<String, Served> selections = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, String> written = new ConcurrentHashMap<>();
  private final Supplier<StudyBank> bank;
  private final boolean shippedBank;

  /** One served selection: what was asked, and the selection it feeds. */
  private record Served(String id, SelectionRequest request, PushSelection push, Metric metric) {}

  /** The fields a report may have: a misspelled one would silently lose evidence. */
  static final List<String> REPORT_FIELDS =
      List.of(
          "candidate",
          "replica",
          "step",
          "loss",
          "evalLoss",
          "evalBatchLosses",
          "tokens",
          "flops",
          "primitives");

  /** The largest step a double carries exactly: JSON numbers from any client are doubles. */
  private static final double MAX_STEP = 9007199254740992.0;

  /** One reported step, validated. */
  public record Report(String candidate, int replica, Point point) {}

  /**
   * Opens the state directory and resumes every selection in it; growth specs are checked for their
   * syntax only, and lag's own bank (where there is one) weighs the evidence.
   *
   * @param state where selections are recorded
   */
  public LagService(Path state) throws IOException {
    this(state, SelectionRequest.SYNTAX);
  }

  /**
   * Opens the state directory and resumes every selection in it; lag's own bank (where there is
   * one, {@link Evidence#shippedBank}) weighs the evidence of selections that ask for it.
   *
   * @param state where selections are recorded
   * @param specCheck checks a candidate's growth spec (see {@link SelectionRequest#fromJson})
   */
  public LagService(Path state, Consumer<String> specCheck) throws IOException {
    this(state, specCheck, Evidence::shippedBank, true);
  }

  /**
   * Opens the state directory and resumes every selection in it.
   *
   * @param state where selections are recorded
   * @param specCheck checks a candidate's growth spec (see {@link SelectionRequest#fromJson})
   * @param bank earlier studies, read the first time a selection needs them (the hedged policy, the
   *     anneal and learned scorers); it may give null: then such selections are refused
   * @param shippedBank whether the bank is lag's own, which need not have run every operator
   */
  public LagService(
      Path state, Consumer<String> specCheck, Supplier<StudyBank> bank, boolean shippedBank)
      throws IOException {
    this.specCheck = specCheck;
    this.bank = new LazyBank(bank);
    this.shippedBank = shippedBank;
    this.store = new SelectionStore(state, specCheck);
    for (SelectionStore.Loaded l : store.load()) {
      Served s = served(l.id(), l.request());
      l.reports()
          .forEach(
              (name, replicas) -> {
                for (int r = 0; r < replicas.size(); r++) {
                  int replica = r;
                  replicas.get(r).forEach(p -> s.push().report(name, replica, p));
                }
              });
      selections.put(l.id(), s);
    }
  }

  /** Number of selections held (resumed and new). */
  public int size() {
    return selections.size();
  }

  /** Parses and validates a request body with this service's spec check. */
  public SelectionRequest request(JsonNode body) {
    return SelectionRequest.fromJson(body, specCheck, () -> bank.get() != null);
  }

  /** Starts a selection; returns its id. */
  public String create(SelectionRequest request) throws IOException {
    String id = "sel-" + HexFormat.of().formatHex(random.generateSeed(6));
    Served s = served(id, request);
    store.create(id, request);
    selections.put(id, s);
    return id;
  }

  /**
   * Records reports (all or none: the batch is checked first) and answers, for each candidate in
   * the batch, whether to continue.
   */
  public ObjectNode report(String id, List<Report> reports) throws IOException {
    Served s = get(id);
    for (int i = 0; i < reports.size(); i++) {
      try {
        // fails before anything is recorded
        s.push().trial(reports.get(i).candidate(), reports.get(i).replica());
      } catch (InvalidInputException e) {
        throw new InvalidInputException("reports[" + i + "]." + e.getMessage());
      }
    }
    synchronized (s) {
      for (Report r : reports) {
        if (s.push().report(r.candidate(), r.replica(), r.point())) {
          store.append(id, r.candidate(), r.replica(), r.point());
        }
      }
      Optional<Selection> result = s.push().result();
      if (result.isPresent()) {
        // Written when the pick is made, and again whenever a later report changes it.
        String record = SelectionJson.toJson(result.get(), json).toString();
        if (!record.equals(written.put(id, record))) {
          store.decided(id, s.request(), result.get());
        }
      }
    }
    ObjectNode out = json.createObjectNode();
    out.put("accepted", reports.size());
    ObjectNode decisions = out.putObject("decisions");
    for (Report r : reports) {
      decisions.set(r.candidate(), decision(s, r.candidate()));
    }
    return out;
  }

  /**
   * Whether a candidate should keep training ({@code continue}), pause until the others catch up
   * ({@code wait}), stop for good ({@code stop}), or, once it won, train on to the end of the stage
   * ({@code won}, with {@code winner: true}), and why.
   */
  public ObjectNode decision(String id, String candidate) {
    Served s = get(id);
    s.push().trial(candidate);
    return decision(s, candidate);
  }

  /**
   * The selection's state: the ranking with scores and standard errors (provisional until the
   * policy picks), the pick and its ties once decided, how much each candidate reported, and the
   * lag curve so far.
   */
  public ObjectNode status(String id) {
    Served s = get(id);
    Optional<Selection> result = s.push().result();
    Selection shown = result.orElseGet(() -> s.push().provisional());
    ObjectNode out = SelectionJson.toJson(shown, json);
    out.put("id", id);
    out.put("status", (result.isPresent() ? ServedStatus.DECIDED : ServedStatus.OPEN).label());
    if (result.isEmpty()) {
      out.putNull("winner");
      out.put("provisionalWinner", shown.winner());
      List<String> unscored = s.push().unscored();
      if (!unscored.isEmpty()) {
        // The policy would rank now but cannot: say what it waits for, never pick on nothing.
        ObjectNode waiting = out.putObject("waitingFor");
        waiting.put("metric", s.metric().label());
        waiting.set("candidates", json.valueToTree(unscored));
      }
    }
    out.set("request", s.request().toJson(json));
    ObjectNode counts = out.putObject("reports");
    for (String c : s.push().candidates()) {
      Trajectory t = s.push().history().trajectories().get(c);
      counts.put(c, t == null ? 0 : t.size());
    }
    out.set("lagCurve", lagCurveSoFar(s));
    return out;
  }

  /** The ids of all selections. */
  public List<String> ids() {
    List<String> ids = new ArrayList<>(selections.keySet());
    ids.sort(null);
    return ids;
  }

  /**
   * How well the ranking at each lag predicts the ranking at the furthest step every reporting
   * candidate has reached; null until two candidates that report the scored metric share a step
   * past 0.
   */
  private JsonNode lagCurveSoFar(Served s) {
    List<Trajectory> pool = new ArrayList<>();
    long common = Long.MAX_VALUE;
    for (Trajectory t : s.push().history().trajectories().values()) {
      if (!t.diverged() && t.has(s.metric())) {
        pool.add(t);
        common = Math.min(common, t.lastStep());
      }
    }
    if (pool.size() < 2 || common == Long.MAX_VALUE || common <= 0) {
      return json.nullNode();
    }
    LagCurve curve =
        new LagCurve(
            Scorers.byName(s.request().scorer(), s.metric()),
            s.metric(),
            1,
            RankAgreement.standard(0));
    return LagCurveJson.toJson(
        curve.compute(pool, common, LagCurve.geometricGrid(common, 8)), json);
  }

  private ObjectNode decision(Served s, String candidate) {
    Advice a = s.push().advice(candidate);
    ObjectNode d = json.createObjectNode();
    d.put("candidate", candidate);
    d.put("decision", a.action().label());
    if (a.action() != Advice.Action.STOP) {
      d.put("trainUntil", a.trainUntil());
    }
    d.put("winner", a.winner());
    d.put("reason", a.reason());
    return d;
  }

  private Served get(String id) {
    Served s = selections.get(id);
    if (s == null) {
      throw new ApiException(404, "selection '" + id + "' not found");
    }
    return s;
  }

  /**
   * The selection a request asks for. The hedged policy and the scorers fitted on earlier studies
   * weigh this service's bank, as {@code lag select} weighs lag's own; the prior that breaks ties
   * in the ranking stays the documented default, so a request that names neither decides as it
   * always did.
   */
  private Served served(String id, SelectionRequest r) {
    Metric metric = Metric.parse(r.metric());
    Map<String, String> specs = new LinkedHashMap<>();
    r.candidates().forEach(c -> specs.put(c, r.specs().getOrDefault(c, c)));
    boolean hedged = Policies.isHedged(r.policy());
    StudyBank earlier = null;
    if (hedged || Evidence.fitsOnABank(r.scorer())) {
      earlier = bank.get();
      if (earlier == null) {
        throw InvalidInputException.field(
            hedged ? "policy" : "scorer",
            hedged ? r.policy() : r.scorer(),
            "weighs evidence by a bank of earlier studies, and this service has none"
                + " (lag serve --bank DIR)");
      }
    }
    Evidence evidence = new Evidence(r.scorer(), metric, earlier, shippedBank, "");
    LearningRateSchedule stage = r.schedule() == null ? null : r.schedule().over(r.finalStep());
    PushSelection push =
        new PushSelection(
            specs,
            evidence.policy(r.policy(), specs, stage),
            evidence.scorer(stage),
            r.finalStep(),
            r.replicas(),
            Prior.DEFAULT);
    return new Served(id, r, push, metric);
  }

  /** A bank read once, the first time a selection needs it: reading one takes a second or more. */
  private static final class LazyBank implements Supplier<StudyBank> {
    private final Supplier<StudyBank> load;
    private Optional<StudyBank> held;

    LazyBank(Supplier<StudyBank> load) {
      this.load = load;
    }

    @Override
    public synchronized StudyBank get() {
      if (held == null) {
        held = Optional.ofNullable(load.get());
      }
      return held.orElse(null);
    }
  }

  /** Checks one report object: {@code candidate}, {@code step}, {@code loss}, optional fields. */
  public static Report parseReport(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("report: expected a JSON object with candidate, step, loss");
    }
    SelectionRequest.onlyKnown(node, REPORT_FIELDS, "");
    JsonNode candidate = node.get("candidate");
    if (candidate == null || !candidate.isTextual()) {
      throw InvalidInputException.field("candidate", candidate, "expected a candidate name");
    }
    JsonNode step = node.get("step");
    if (step == null
        || !step.isNumber()
        || !Double.isFinite(step.asDouble())
        || step.asDouble() != Math.rint(step.asDouble())
        || step.asDouble() < 0
        || step.asDouble() > MAX_STEP) {
      throw InvalidInputException.field(
          "step", step, "expected a whole number in [0, 2^53] (steps are counted exactly)");
    }
    int replica = 0;
    JsonNode rep = node.get("replica");
    if (rep != null && !rep.isNull()) {
      if (!rep.isIntegralNumber() || !rep.canConvertToInt() || rep.asInt() < 0) {
        throw InvalidInputException.field("replica", rep, "expected a whole number >= 0");
      }
      replica = rep.asInt();
    }
    BatchLosses batches = batchLosses(node);
    double evalLoss = loss(node, "evalLoss", false);
    if (!batches.isEmpty()) {
      if (Double.isNaN(evalLoss)) {
        evalLoss = batches.mean();
      } else if (Math.abs(evalLoss - batches.mean()) > 1e-4 * Math.max(1, Math.abs(evalLoss))) {
        throw InvalidInputException.field(
            "evalLoss",
            node.get("evalLoss"),
            "is not the mean of evalBatchLosses (" + batches.mean() + ")");
      }
    }
    return new Report(
        candidate.asText(),
        replica,
        new Point(
            step.asLong(),
            count(node, "tokens"),
            count(node, "flops"),
            loss(node, "loss", true),
            evalLoss,
            share(node, "primitives"),
            batches,
            null));
  }

  /**
   * {@code evalBatchLosses}: the held-out loss of each evaluation batch, the same batches for every
   * candidate, so the service compares candidates batch by batch; absent when the loop has only the
   * mean (the selection then says its uncertainty is measured otherwise).
   */
  private static BatchLosses batchLosses(JsonNode node) {
    JsonNode v = node.get("evalBatchLosses");
    if (v == null || v.isNull()) {
      return BatchLosses.NONE;
    }
    if (!v.isArray() || v.isEmpty()) {
      throw InvalidInputException.field(
          "evalBatchLosses", v, "expected a non-empty list of numbers");
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      if (!v.get(i).isNumber() || !Double.isFinite(v.get(i).asDouble())) {
        throw InvalidInputException.field(
            "evalBatchLosses[" + i + "]", v.get(i), "expected a finite number");
      }
      out[i] = v.get(i).asDouble();
    }
    return BatchLosses.of(out);
  }

  /** An optional accuracy in [0, 1] (the reasoning primitives); NaN when absent. */
  private static double share(JsonNode node, String field) {
    double v = count(node, field);
    if (v > 1) {
      throw InvalidInputException.field(field, node.get(field), "expected an accuracy in [0, 1]");
    }
    return v;
  }

  /**
   * A loss. NaN or Infinity (Python's json writes them) is a diverged step, recorded as +Infinity
   * like {@link dev.lag.selector.push.Trial#report} does; an absent optional loss is NaN.
   */
  private static double loss(JsonNode node, String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw InvalidInputException.field(field, v, "expected a number");
      }
      return Double.NaN;
    }
    if (!v.isNumber()) {
      throw InvalidInputException.field(field, v, "expected a number");
    }
    return Double.isFinite(v.asDouble()) ? v.asDouble() : Double.POSITIVE_INFINITY;
  }

  private static double count(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Double.NaN;
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
      throw InvalidInputException.field(field, v, "expected a number >= 0");
    }
    return v.asDouble();
  }

  @Override
  public void close() throws IOException {
    store.close();
  }
}
