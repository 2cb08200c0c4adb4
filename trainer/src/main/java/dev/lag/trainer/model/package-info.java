/**
 * The GPT as named tensors and a forward function (nanoGPT's names and initialisation), host
 * tensors and seed derivation.
 */
package dev.lag.trainer.model;
