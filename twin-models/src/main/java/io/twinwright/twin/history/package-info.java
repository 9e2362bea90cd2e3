/**
 * Property history: every reading applied to a twin, kept as a time series per (twin, property)
 * next to the twins, written in bulk from memory and trimmed to a retention period.
 */
package io.twinwright.twin.history;
