package io.twinwright.bench;

/**
 * Where devices publish, following Hono's MQTT topic conventions. Kept local rather than reusing
 * the platform's own type because the generator must not depend on the platform's modules.
 */
public enum PublishChannel {
  TELEMETRY("telemetry"),
  EVENT("event");

  private final String topic;

  PublishChannel(String topic) {
    this.topic = topic;
  }

  /** The MQTT topic a device publishes this channel's messages on. */
  public String topic() {
    return topic;
  }

  /** The QoS used when the operator does not choose one: Hono requires QoS 1 for events. */
  public int defaultQos() {
    return this == EVENT ? 1 : 0;
  }
}
