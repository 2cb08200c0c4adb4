/**
 * Growing checkpoints that lag did not write: a safetensors file in a named layout (nanoGPT,
 * Hugging Face GPT-2, Hugging Face Llama), grown in depth by any layer-map operator and written in
 * the same layout, with the Hugging Face {@code config.json} beside it updated.
 */
package dev.lag.strategies.layout;
