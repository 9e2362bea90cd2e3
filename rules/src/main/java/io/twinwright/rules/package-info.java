/**
 * The rule runtime's public surface: {@link io.twinwright.rules.RuleEngine} evaluates the rule
 * packs over twin changes and device events, reloads them at runtime, and reports outcomes through
 * {@link io.twinwright.rules.RuleActions} (alerts, quarantine, work orders, commands, desired
 * properties, campaign control), the port the platform implements, recording each action to the
 * {@link io.twinwright.rules.AuditSink}. {@link io.twinwright.rules.Alert} is the value the
 * platform stores for a raised alert. Validation and scenario replay for authors live in {@code
 * packs} and {@code scenario}.
 */
package io.twinwright.rules;
