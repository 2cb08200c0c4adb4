package dev.lag.trainer.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.lag.trainer.checkpoint.Snapshot;
import dev.lag.trainer.config.RunConfig;
import dev.lag.trainer.data.TextData;
import dev.lag.trainer.engine.Engines;
import dev.lag.trainer.model.Gpt;
import dev.lag.trainer.model.HostTensor;
import dev.lag.trainer.optim.AdamW;
import dev.lag.trainer.train.StepListener;
import dev.lag.trainer.train.StepRecord;
import dev.lag.trainer.train.TrainingInputs;
import dev.lag.trainer.train.TrainingLoop;
import dev.lag.trainer.train.TrainingState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Batched members against their sequential runs. The tolerance is float rounding grown by training:
 * batched kernels block their sums differently, a difference of one ulp in a step's loss changes
 * the update, and 50 steps of Adam amplify it. Measured on this test's model, the largest
 * difference of any logged loss over 50 steps is 5e-7 on this machine; the test allows {@value
 * #TOLERANCE}, for other CPUs' kernels.
 */
@Tag("djl")
class BatchedTrainingTest {
  static final double TOLERANCE = 1e-4;
  static final RunConfig RUN =
      RunConfig.DEFAULT.withAssignments(
          List.of(
              ("layers=2 dModel=32 heads=4 seqLen=16 batch=4 steps=50 warmup=5 lr=3e-3"
                      + " evalInterval=10 evalBatches=2 embeddedBytes=100000 batchCandidates=true")
                  .split(" ")));
  static final TrainingInputs INPUTS =
      TrainingInputs.of(TextData.load(RUN.data(), RUN.model().seqLen(), RUN.train().seed()), RUN);

  /** Three members of one shape and schedule, initialised from different seeds. */
  static List<Snapshot> members(RunConfig run, int count) {
    List<Snapshot> out = new ArrayList<>();
    try (NDManager root = Engines.newManager(Engines.device("cpu"))) {
      for (int m = 0; m < count; m++) {
        Gpt gpt = Gpt.initialize(run.model(), root, 100 + m);
        AdamW adam = new AdamW(gpt.parameters(), run.train(), gpt.manager());
        try (TrainingState state = new TrainingState(gpt, adam, 0, 0, 0, 0, 0)) {
          out.add(state.toSnapshot(run));
        }
      }
    }
    return out;
  }

  static List<StepRecord> sequential(Snapshot start, long until) {
    List<StepRecord> records = new ArrayList<>();
    try (NDManager root = Engines.newManager(Engines.device("cpu"));
        TrainingState state = TrainingState.fromSnapshot(start, root)) {
      new TrainingLoop(start.config().train(), INPUTS)
          .run(state, records::add, r -> r.step() >= until);
    }
    return records;
  }

  static BatchedTraining.Result batched(
      List<Snapshot> starts, long until, List<List<StepRecord>> records) {
    List<StepListener> listeners = new ArrayList<>();
    for (int m = 0; m < starts.size(); m++) {
      List<StepRecord> mine = new ArrayList<>();
      records.add(mine);
      listeners.add(mine::add);
    }
    return BatchedTraining.train(starts, INPUTS, until, listeners);
  }

  @Test
  void aBatchedMemberFollowsItsSequentialRun() {
    for (RunConfig run : List.of(RUN, RUN.with("tiedEmbeddings", false))) {
      List<Snapshot> starts = members(run, 3);
      List<List<StepRecord>> batched = new ArrayList<>();
      BatchedTraining.Result result = batched(starts, 50, batched);
      double worst = 0;
      for (int m = 0; m < 3; m++) {
        List<StepRecord> alone = sequential(starts.get(m), 50);
        assertEquals(alone.size(), batched.get(m).size(), "member " + m + ": one record per step");
        for (int i = 0; i < alone.size(); i++) {
          StepRecord a = alone.get(i);
          StepRecord b = batched.get(m).get(i);
          assertEquals(a.step(), b.step());
          assertEquals(a.flops(), b.flops(), 1e-6 * a.flops());
          if (a.trainLoss() != null) {
            worst = Math.max(worst, Math.abs(a.trainLoss() - b.trainLoss()));
          }
          if (a.evalLoss() != null) {
            worst = Math.max(worst, Math.abs(a.evalLoss() - b.evalLoss()));
          }
        }
        assertTrue(
            batched.get(m).get(50).evalLoss() < batched.get(m).get(0).evalLoss() - 0.5,
            "member " + m + " learns");
      }
      System.out.printf(
          "largest difference of a logged loss, batched vs alone (tied=%s): %.2e%n",
          run.model().tiedEmbeddings(), worst);
      assertTrue(worst < TOLERANCE, "largest difference " + worst);
      assertEquals(50, result.states().get(0).counters().step());
    }
  }

  @Test
  void aBatchedRunResumedMidwayIsExact() {
    List<Snapshot> starts = members(RUN, 3);
    List<List<StepRecord>> straight = new ArrayList<>();
    BatchedTraining.Result end = batched(starts, 50, straight);
    List<List<StepRecord>> resumed = new ArrayList<>();
    BatchedTraining.Result half = batched(starts, 25, resumed);
    List<List<StepRecord>> rest = new ArrayList<>();
    BatchedTraining.Result again = batched(half.states(), 50, rest);
    for (int m = 0; m < 3; m++) {
      List<StepRecord> joined = new ArrayList<>(resumed.get(m));
      joined.addAll(rest.get(m));
      assertEquals(losses(straight.get(m)), losses(joined), "member " + m);
      assertEquals(
          end.states().get(m).parameters(), again.states().get(m).parameters(), "member " + m);
    }
  }

  @Test
  void aMembersRunDoesNotDependOnItsCompany() {
    // A resumed run may batch fewer members than the interrupted one (those whose windows were
    // kept are not trained again); their results must not change with the batch.
    List<Snapshot> starts = members(RUN, 3);
    List<List<StepRecord>> three = new ArrayList<>();
    BatchedTraining.Result all = batched(starts, 20, three);
    List<List<StepRecord>> two = new ArrayList<>();
    BatchedTraining.Result some = batched(List.of(starts.get(0), starts.get(2)), 20, two);
    assertEquals(losses(three.get(0)), losses(two.get(0)));
    assertEquals(losses(three.get(2)), losses(two.get(1)));
    assertEquals(all.states().get(2).parameters(), some.states().get(1).parameters());
    // A batch of one: the last window of a batch left to train on a resume.
    List<List<StepRecord>> one = new ArrayList<>();
    BatchedTraining.Result alone = batched(List.of(starts.get(1)), 20, one);
    assertEquals(losses(three.get(1)), losses(one.get(0)));
    assertEquals(all.states().get(1).parameters(), alone.states().get(0).parameters());
  }

  @Test
  void aDivergedMemberIsDroppedAndTheOthersGoOn() {
    List<Snapshot> starts = new ArrayList<>(members(RUN, 3));
    Snapshot bad = starts.get(1);
    Map<String, HostTensor> poisoned = new LinkedHashMap<>(bad.parameters());
    HostTensor head = poisoned.get("transformer.ln_f.weight").copy();
    Arrays.fill(head.data(), Float.NaN);
    poisoned.put("transformer.ln_f.weight", head);
    starts.set(
        1,
        new Snapshot(
            bad.config(), poisoned, bad.firstMoments(), bad.secondMoments(), bad.counters()));
    List<List<StepRecord>> records = new ArrayList<>();
    BatchedTraining.Result result = batched(starts, 20, records);
    assertNull(result.states().get(1));
    assertEquals(1, result.divergedAt()[1]);
    assertArrayEquals(new int[] {0, 1, 0}, result.divergedAt());
    for (int m : new int[] {0, 2}) {
      List<StepRecord> alone = sequential(starts.get(m), 20);
      for (int i = 0; i < alone.size(); i++) {
        if (alone.get(i).trainLoss() != null) {
          assertEquals(
              alone.get(i).trainLoss(),
              records.get(m).get(i).trainLoss(),
              TOLERANCE,
              "member " + m);
        }
      }
    }
  }

  @Test
  void onlyStatesOnOneScheduleBatch() {
    List<Snapshot> starts = members(RUN, 2);
    assertTrue(BatchedTraining.canBatch(starts));
    assertTrue(BatchedTraining.canBatch(starts.subList(0, 1)), "one member is a batch of one");
    assertFalse(BatchedTraining.canBatch(List.of()), "no member is no batch");
    List<Snapshot> mixed = new ArrayList<>(starts);
    mixed.set(1, starts.get(1).withConfig(RUN.with("lr", 1e-3)));
    assertFalse(BatchedTraining.canBatch(mixed), "another learning rate");
    mixed.set(1, starts.get(1).withConfig(RUN.with("replica", 1)));
    assertFalse(BatchedTraining.canBatch(mixed), "another data order");
    mixed.set(1, starts.get(1).withConfig(RUN.with("grownLayers", "1")));
    assertTrue(BatchedTraining.canBatch(mixed), "other grown layers, without a freeze or a ramp");
    mixed.set(1, starts.get(1).withConfig(RUN.with("batchCandidates", false)));
    assertFalse(BatchedTraining.canBatch(mixed), "batching turned off");
  }

  static List<Double> losses(List<StepRecord> records) {
    return records.stream().map(r -> r.trainLoss() == null ? r.evalLoss() : r.trainLoss()).toList();
  }
}
