/**
 * Where candidate windows run: in this process (one slot per device) or on Hazelcast workers,
 * behind a checksummed task cache that lets an interrupted run resume. Tasks stay in memory; bytes
 * only where they leave the JVM.
 */
package dev.lag.selector.runners;
