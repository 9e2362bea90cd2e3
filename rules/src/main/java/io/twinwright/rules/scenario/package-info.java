/**
 * Scenario files: a timeline of readings and device events replayed on a pseudo-clock {@link
 * io.twinwright.rules.RuleEngine}, with the alerts and actions expected at checkpoints and at the
 * end. What {@code twinwright test-rules <scenario>} and the JUnit scenario suite run. The format
 * is described in {@code rules/RULES.md}.
 */
package io.twinwright.rules.scenario;
