package dev.lag.selector.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lag.trainer.train.StopRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SignalStopTest {
  final List<Integer> halted = new CopyOnWriteArrayList<>();

  @AfterEach
  void clear() {
    StopRequest.clear();
  }

  @Test
  void theFirstSignalAsksForAStopAndASecondHaltsAtOnce() {
    SignalStop signals = new SignalStop(Long.MAX_VALUE, halted::add); // no grace ever runs out
    signals.received(15);
    assertTrue(StopRequest.raised(), "the command is asked to stop at the next step boundary");
    assertEquals(143, signals.status(), "lag exits with SIGTERM's own code");
    assertEquals(List.of(), halted, "the first signal waits for the step boundary");
    signals.received(2);
    assertEquals(List.of(130), halted, "a second signal (Ctrl-C here) halts at once");
    assertEquals(143, signals.status());
  }

  @Test
  void aCommandThatNeverReachesAStepBoundaryIsHaltedAfterTheGrace() throws Exception {
    java.util.concurrent.CountDownLatch halt = new java.util.concurrent.CountDownLatch(1);
    SignalStop signals =
        new SignalStop(
            0,
            status -> {
              halted.add(status);
              halt.countDown();
            });
    signals.received(15);
    halt.await(); // the grace of 0 ms has run out: the watchdog halts, with SIGTERM's code
    assertEquals(List.of(143), halted);
  }
}
