package dev.lag.trainer.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.lag.analysis.InvalidInputException;
import dev.lag.analysis.io.Provenance;
import dev.lag.trainer.config.Devices;

/**
 * The one place that starts DJL. The PyTorch engine is loaded from the {@code pytorch-native-cpu}
 * jar on the classpath; offline mode is forced first so that DJL never downloads a native library
 * nor makes telemetry calls.
 */
public final class Engines {
  /** The DJL engine lag runs on. */
  public static final String ENGINE = "PyTorch";

  /** slf4j-simple's level for DJL's CUDA probe (read when that logger is created). */
  private static final String CUDA_LOG = "org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils";

  private Engines() {}

  /**
   * Starts the engine (once per JVM) and returns it. Loading it probes CUDA whatever the device; on
   * a machine with a CUDA runtime but no driver the probe warns twice. lag keeps that probe quiet:
   * a CPU run has nothing to learn from it, and a GPU that is not there is refused in one line by
   * {@link #device} (set the logger's level yourself to see the probe's reason).
   */
  public static synchronized Engine pytorch() {
    quiet();
    return Engine.getEngine(ENGINE);
  }

  /**
   * Offline, and DJL's CUDA probe quiet, before anything of DJL loads a native library: the engine,
   * or the Hugging Face tokenizers, whose loading probes CUDA too (a garbage tokenizer file printed
   * two CUDA warnings before its one-line error).
   */
  public static void quiet() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    if (System.getProperty(CUDA_LOG) == null) {
      System.setProperty(CUDA_LOG, "error");
    }
  }

  /** The DJL device for a lag device name; a GPU that is not there is a user error. */
  public static Device device(String name) {
    int gpu = Devices.gpuIndex(name);
    if (gpu < 0) {
      return Device.cpu();
    }
    int available = pytorch().getGpuCount();
    if (gpu >= available) {
      throw InvalidInputException.field(
          "device",
          name,
          "this machine has "
              + available
              + " GPU(s) visible to PyTorch (a driver, CUDA_VISIBLE_DEVICES, or a CPU-only build"
              + " can hide them)");
    }
    return Device.gpu(gpu);
  }

  /** A new root manager on the device; close it to free everything created under it. */
  public static NDManager newManager(Device device) {
    return pytorch().newBaseManager(device);
  }

  /** The engine's version, for provenance. */
  public static String version() {
    return pytorch().getVersion();
  }

  /** The provenance of a run of this process on {@code device}, with the engine that trains. */
  public static Provenance provenance(String device, long seed) {
    return Provenance.collect(device, seed)
        .withEngine(Engine.getDjlVersion(), ENGINE + " " + version());
  }
}
