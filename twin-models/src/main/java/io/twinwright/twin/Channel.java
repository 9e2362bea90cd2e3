package io.twinwright.twin;

/** The Hono message channel a device published on. */
public enum Channel {
  TELEMETRY,
  EVENT
}
