/**
 * The one place that starts DJL's PyTorch engine (offline, from the native jar, its CUDA probe
 * quiet), names devices, and shares the cores' threads among lag trainings on one machine.
 */
package dev.lag.trainer.engine;
