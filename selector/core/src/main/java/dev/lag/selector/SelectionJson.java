package dev.lag.selector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lag.analysis.confidence.TrackRecord;
import dev.lag.analysis.io.JsonNumbers;

/**
 * {@code selection.json}, schema version 2: {@code schemaVersion, winner, lag, reason, policy,
 * scorer, replicas, uncertainty, tieBreak: {rule, leader, prior}, tiedWithWinner, ranking: [{rank,
 * name, score, stdError, difference, differenceLow, differenceHigh, stepsTrained, status}],
 * compute: {steps, tokens, flops, seconds}, trade: {overheadSteps, overheadFlops, firstStep,
 * firstRegret, regret, regretSteps}, confidence: {measures, likeliest, pBest: {name: p}, pWithin:
 * {name: p}, trackRecord: {lag, studies, regime, picks, claimedBest, cameBest, claimedWithin,
 * cameWithin, meanRegret, worstRegret}}}. {@code uncertainty} says what {@code stdError} and the
 * difference intervals measure; {@code tieBreak.rule} is {@code score} or {@code prior} (the
 * leaders were tied and the prior chose). Non-finite numbers are null. Version 1 had neither
 * replicas, uncertainty, tieBreak nor the differences; version 2 before issue 25 had no confidence,
 * and before 2026-12-07 no {@code confidence.trackRecord} (absent where none was computed: {@link
 * TrackRecord}).
 */
public final class SelectionJson {
  /** Version of the layout above. */
  public static final int SCHEMA_VERSION = 2;

  private SelectionJson() {}

  /** The JSON object of a selection. */
  public static ObjectNode toJson(Selection s, ObjectMapper json) {
    ObjectNode root = json.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION);
    root.put("winner", s.winner());
    root.put("lag", s.lag());
    root.put("reason", s.reason());
    root.put("policy", s.policy().toString());
    root.put("scorer", s.scorer());
    root.put("replicas", s.replicas());
    root.put("uncertainty", s.uncertainty());
    ObjectNode tie = root.putObject("tieBreak");
    tie.put("rule", s.tieBreak().rule().label());
    tie.put("leader", s.tieBreak().leader());
    tie.put("prior", s.tieBreak().prior());
    ArrayNode tied = root.putArray("tiedWithWinner");
    s.tiedWithWinner().forEach(tied::add);
    ArrayNode ranking = root.putArray("ranking");
    for (Selection.Ranked r : s.ranking()) {
      ObjectNode o = ranking.addObject();
      o.put("rank", r.rank());
      o.put("name", r.name());
      JsonNumbers.put(o, "score", r.score());
      JsonNumbers.put(o, "stdError", r.stdError());
      JsonNumbers.put(o, "difference", r.difference());
      JsonNumbers.put(o, "differenceLow", r.differenceLow());
      JsonNumbers.put(o, "differenceHigh", r.differenceHigh());
      o.put("stepsTrained", r.stepsTrained());
      o.put("status", r.status().label());
    }
    ObjectNode compute = root.putObject("compute");
    compute.put("steps", s.compute().steps());
    JsonNumbers.put(compute, "tokens", s.compute().tokens());
    JsonNumbers.put(compute, "flops", s.compute().flops());
    JsonNumbers.put(compute, "seconds", s.compute().seconds());
    ObjectNode trade = root.putObject("trade");
    trade.put("overheadSteps", s.trade().overheadSteps());
    JsonNumbers.put(trade, "overheadFlops", s.trade().overheadFlops());
    trade.put("firstStep", s.trade().firstStep());
    JsonNumbers.put(trade, "firstRegret", s.trade().firstRegret());
    JsonNumbers.put(trade, "regret", s.trade().regret());
    JsonNumbers.put(trade, "regretSteps", s.trade().regretSteps());
    if (Double.isNaN(s.trade().overheadFlops())) {
      trade.put(
          "flops",
          "not given: report flops per step (the Python client: create_selection(...,"
              + " flops_per_step=F)) to have the overhead in FLOPs");
    }
    ObjectNode confidence = root.putObject("confidence");
    confidence.put("measures", s.confidence().measures());
    confidence.put("likeliest", s.confidence().likeliest());
    ObjectNode best = confidence.putObject("pBest");
    s.confidence().pBest().forEach((n, p) -> JsonNumbers.put(best, n, p));
    ObjectNode within = confidence.putObject("pWithin");
    s.confidence().pWithin().forEach((n, p) -> JsonNumbers.put(within, n, p));
    TrackRecord record = s.confidence().trackRecord();
    if (record != null) {
      ObjectNode track = confidence.putObject("trackRecord");
      track.put("lag", record.lag());
      track.put("studies", record.studies());
      track.put("regime", record.regime());
      track.put("picks", record.picks());
      JsonNumbers.put(track, "claimedBest", record.claimedBest());
      track.put("cameBest", record.cameBest());
      JsonNumbers.put(track, "claimedWithin", record.claimedWithin());
      track.put("cameWithin", record.cameWithin());
      JsonNumbers.put(track, "meanRegret", record.meanRegret());
      JsonNumbers.put(track, "worstRegret", record.worstRegret());
    }
    return root;
  }
}
