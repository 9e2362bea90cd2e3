/**
 * The facts rule packs reason over. {@link io.twinwright.rules.facts.ModelLimits}, {@link
 * io.twinwright.rules.facts.SecurityPolicy} and {@link io.twinwright.rules.facts.MonitoringPolicy}
 * are given by the platform; the others are maintained by the engine from twin changes and
 * authentication failures. Thresholds and parameters always arrive as facts, so a DRL file never
 * holds a number that belongs to a Thing Model or a policy.
 *
 * <p>{@link io.twinwright.rules.facts.Device} and {@link io.twinwright.rules.facts.Measurement} are
 * mutable on purpose: there is one of each per device (and per device property) and the engine
 * updates it in place instead of inserting an event per change, which keeps working memory bounded
 * and the hot path free of allocation. Only the owning partition thread mutates them.
 */
package io.twinwright.rules.facts;
