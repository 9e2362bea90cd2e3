/**
 * The rule runtime's public surface: {@link io.twinwright.rules.RuleEngine} evaluates the rule
 * packs over twin changes and security events, and reports outcomes through {@link
 * io.twinwright.rules.RuleActions}, the port the platform implements. {@link
 * io.twinwright.rules.Alert} is the value the platform stores for a raised alert.
 */
package io.twinwright.rules;
