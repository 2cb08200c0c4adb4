/**
 * LAG over HTTP/JSON for training loops in any language: selections, idempotent reports, advice,
 * records that survive a restart. Depends on the engine-free core only: starting it loads no
 * engine.
 */
package dev.lag.selector.serve;
