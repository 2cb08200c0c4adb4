package dev.lag.selector.run;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One unit of candidate training, self-contained so that any machine can run it: what to start
 * from, how to grow, which run config (data reference, seed and schedule included), and the steps.
 *
 * @param kind {@code FRESH} trains a model from its seeded initialisation, {@code GROW} grows
 *     {@code start} with the candidate first, {@code CONTINUE} resumes a paused {@code start}
 * @param name the candidate (or schedule) name, for progress and errors
 * @param candidate the candidate as JSON ({@code name, growth, lr, warmup}); empty for FRESH
 * @param run the run config as JSON: the grown shape, the stage schedule, the data, the seed
 * @param start the snapshot bytes to start from ({@link dev.lag.trainer.checkpoint.SnapshotBytes});
 *     empty for FRESH
 * @param until the step to train to
 */
public record CandidateTask(
    Kind kind, String name, String candidate, String run, byte[] start, long until)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What the task starts from. */
  public enum Kind {
    /** A model at its initialisation. */
    FRESH,
    /** The source, grown with the candidate. */
    GROW,
    /** A paused candidate. */
    CONTINUE
  }

  /**
   * A digest of everything the result depends on: equal keys, equal results. Names a task in the
   * cache that lets an interrupted run resume.
   */
  public String key() {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {kind.name(), name, candidate, run, "" + until}) {
        byte[] b = part.getBytes(StandardCharsets.UTF_8);
        d.update((byte) (b.length >>> 24));
        d.update((byte) (b.length >>> 16));
        d.update((byte) (b.length >>> 8));
        d.update((byte) b.length);
        d.update(b);
      }
      d.update(start);
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
