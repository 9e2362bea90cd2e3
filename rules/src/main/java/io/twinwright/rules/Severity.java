package io.twinwright.rules;

/** How urgent an alert is. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL
}
