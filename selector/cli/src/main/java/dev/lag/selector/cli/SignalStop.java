package dev.lag.selector.cli;

import dev.lag.trainer.train.StopRequest;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import sun.misc.Signal;

/**
 * What SIGTERM and Ctrl-C do to a running command. The first asks it to stop at the next step
 * boundary, where it saves what it has (checkpoint, run.json says interrupted) and lag exits with
 * the signal's code (143 for SIGTERM, 130 for Ctrl-C); if no step boundary comes within the grace
 * period, lag exits anyway (run.json still says running, which --resume continues alike). A second
 * signal exits at once: the user has said twice that they want lag gone.
 */
final class SignalStop {
  private final long graceMillis;
  private final IntConsumer halt;
  private final AtomicInteger code = new AtomicInteger();

  /**
   * @param graceMillis how long the first signal waits for a step boundary
   * @param halt ends the process with a status, running no more of it
   */
  SignalStop(long graceMillis, IntConsumer halt) {
    this.graceMillis = graceMillis;
    this.halt = halt;
  }

  /** Handles SIGTERM and SIGINT in this process (where the JVM lets it; else its default stays). */
  void install() {
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), s -> received(s.getNumber()));
      } catch (IllegalArgumentException e) {
        // The signal is reserved (java -Xrs, say): the JVM's own shutdown on it still applies.
      }
    }
  }

  /** One signal arrived: the first asks for a stop, a second halts. */
  void received(int signal) {
    int status = 128 + signal;
    if (!code.compareAndSet(0, status)) {
      halt.accept(status);
      return;
    }
    StopRequest.raise("stopped by a signal");
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(graceMillis);
                halt.accept(status);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "lag-stop-grace");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** The exit status a signal asked for; 0 when none came. */
  int status() {
    return code.get();
  }
}
