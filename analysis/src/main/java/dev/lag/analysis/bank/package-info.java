/**
 * A bank of earlier studies: what a learned scorer trains on and where a measured prior comes from.
 * Every {@code study.json} below a folder, with the {@code metrics.jsonl} beside it.
 */
package dev.lag.analysis.bank;
