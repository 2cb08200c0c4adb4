/**
 * The one place that starts DJL's PyTorch engine (offline, from the native jar) and names devices.
 */
package dev.lag.trainer.engine;
