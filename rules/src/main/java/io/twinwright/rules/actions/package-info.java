/**
 * The path from rule consequences to the platform's {@link io.twinwright.rules.RuleActions}: the
 * ledger that tells an exact repeat from a change, and the decorator that drops repeats and writes
 * the audit log. Internal to the rules module.
 */
package io.twinwright.rules.actions;
