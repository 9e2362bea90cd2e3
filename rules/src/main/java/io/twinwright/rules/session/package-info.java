/**
 * Partitioned rule sessions: each partition owns one Drools session in stream mode and the one
 * thread allowed to touch it. Callers only enqueue; the partition applies queued work in batches
 * and fires the rules once per batch. Internal to the rules module: other modules use {@link
 * io.twinwright.rules.RuleEngine}.
 */
package io.twinwright.rules.session;
