/**
 * The flat run config (model, training, data), validated field by field: every error names its key.
 * Engine-free.
 */
package dev.lag.trainer.config;
