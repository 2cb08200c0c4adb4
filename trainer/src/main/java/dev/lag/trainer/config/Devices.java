package dev.lag.trainer.config;

import dev.lag.analysis.InvalidInputException;
import java.util.regex.Pattern;

/** The device names lag accepts: {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}. */
public final class Devices {
  private static final Pattern NAME = Pattern.compile("cpu|gpu(:\\d+)?");

  private Devices() {}

  /** Throws a one-line error naming the value when it is not a device name. */
  public static void validate(String device) {
    if (device == null || !NAME.matcher(device).matches()) {
      throw InvalidInputException.field("device", device, "must be cpu, gpu or gpu:N");
    }
  }

  /** The GPU index of a name, or -1 for the CPU. */
  public static int gpuIndex(String device) {
    validate(device);
    if (device.equals("cpu")) {
      return -1;
    }
    return device.equals("gpu") ? 0 : Integer.parseInt(device.substring(4));
  }
}
