/**
 * Candidates trained by lag's own GPT (DJL): growing with the operators, training windows, the DJL
 * training listener. The only selector package besides the runners that may load the engine.
 */
package dev.lag.selector.runners.djl;
