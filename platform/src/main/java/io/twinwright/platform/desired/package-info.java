/**
 * Desired-state reconciliation: drives devices towards their twins' {@code desiredProperties} with
 * {@code desired.update} commands through the durable outbox, until the reported state matches.
 */
package io.twinwright.platform.desired;
