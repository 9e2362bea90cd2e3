/**
 * What the "finding" rules conclude and the "decision" rules act on. A finding carries the values
 * that established it, so the alert or action decided from it can say why.
 */
package io.twinwright.rules.findings;
