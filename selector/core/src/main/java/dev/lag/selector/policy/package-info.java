/**
 * When to stop training candidates and pick: each policy is one pure decision over the recorded
 * history, returning a sealed {@link dev.lag.selector.policy.Decision}. Depends on the selection
 * history only.
 */
package dev.lag.selector.policy;
