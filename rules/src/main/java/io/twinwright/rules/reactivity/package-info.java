/**
 * Property-reactive updates of facts: the session is told which properties of a fact changed, so
 * that patterns reading none of them are not re-evaluated, with the masks computed once.
 */
package io.twinwright.rules.reactivity;
