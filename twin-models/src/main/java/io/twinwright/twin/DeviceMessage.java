package io.twinwright.twin;

import java.time.Instant;
import java.util.Objects;

/**
 * One message as a protocol adapter received it from an authenticated device, before normalisation.
 *
 * @param device the device the message is for (a gateway may publish for another device)
 * @param channel telemetry or event
 * @param qos 0 = at most once, 1 = at least once (the adapter acknowledges only once durable)
 * @param contentType the content type the device declared, or {@code application/json}
 * @param payload the raw payload
 * @param receivedAt when the adapter received it
 * @param profile the vendor profile id from the device's registration; empty when none is set
 * @param createdAt when the device says it produced the message (Hono's {@code creation-time}, for
 *     readings it buffered while offline); {@code receivedAt} when it said nothing. A timestamp the
 *     vendor profile reads from the payload takes precedence over this.
 */
public record DeviceMessage(
    DeviceId device,
    Channel channel,
    int qos,
    String contentType,
    byte[] payload,
    Instant receivedAt,
    String profile,
    Instant createdAt) {

  public DeviceMessage {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(createdAt, "createdAt");
    if (qos < 0 || qos > 1) {
      throw new IllegalArgumentException("qos must be 0 or 1: " + qos);
    }
  }

  /** A message the device sent without a creation time: it was created when it was received. */
  public DeviceMessage(
      DeviceId device,
      Channel channel,
      int qos,
      String contentType,
      byte[] payload,
      Instant receivedAt,
      String profile) {
    this(device, channel, qos, contentType, payload, receivedAt, profile, receivedAt);
  }
}
