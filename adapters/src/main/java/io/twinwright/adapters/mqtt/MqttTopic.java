package io.twinwright.adapters.mqtt;

import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A topic a device published on, Hono style: {@code telemetry} or {@code t}, {@code event} or
 * {@code e}, optionally followed by {@code /<tenant>/<device>} (either may be empty, meaning the
 * authenticated one) and by a property bag {@code /?name=value&...}.
 *
 * <p>Of the bag, {@code content-type} and {@code creation-time} (when the device created the
 * message, in milliseconds since the epoch, for readings it buffered while offline) are used. A
 * {@code creation-time} that is not such a number makes the topic invalid.
 *
 * @param tenant the tenant segment; empty when omitted or left blank
 * @param device the device segment; empty when omitted or left blank
 * @param properties the property bag, URL-decoded
 */
record MqttTopic(Channel channel, String tenant, String device, Map<String, String> properties) {

  static final String CONTENT_TYPE = "content-type";
  static final String CREATION_TIME = "creation-time";

  MqttTopic {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(device, "device");
    properties = Map.copyOf(properties);
  }

  /** Parses a topic; empty when it is not one a device may publish on. */
  static Optional<MqttTopic> parse(String topic) {
    if (topic == null) {
      return Optional.empty();
    }
    // the bag is searched from the end because its values (content types) may contain '/'
    int bag = topic.lastIndexOf("/?");
    String path = bag < 0 ? topic : topic.substring(0, bag);
    Map<String, String> properties = new LinkedHashMap<>();
    if (bag >= 0 && !parseBag(topic.substring(bag + 2), properties)) {
      return Optional.empty();
    }
    if (properties.containsKey(CREATION_TIME)
        && epochMillis(properties.get(CREATION_TIME)).isEmpty()) {
      return Optional.empty();
    }
    String[] segments = path.split("/", -1);
    Channel channel =
        switch (segments[0]) {
          case "telemetry", "t" -> Channel.TELEMETRY;
          case "event", "e" -> Channel.EVENT;
          default -> null;
        };
    if (channel == null) {
      return Optional.empty();
    }
    if (segments.length == 1) {
      return Optional.of(new MqttTopic(channel, "", "", properties));
    }
    if (segments.length == 3) {
      return Optional.of(new MqttTopic(channel, segments[1], segments[2], properties));
    }
    return Optional.empty();
  }

  /** True if the topic addresses the authenticated device itself (not another via a gateway). */
  boolean addresses(DeviceId authenticated) {
    return (tenant.isEmpty() || tenant.equals(authenticated.tenant().value()))
        && (device.isEmpty() || device.equals(authenticated.id()));
  }

  /**
   * The device the message is for: the authenticated one when the topic names no other, else the
   * named device of the same tenant (a gateway sending for it). Empty when the topic names another
   * tenant or an invalid device id: a device never sends into another tenant.
   */
  Optional<DeviceId> target(DeviceId authenticated) {
    if (!tenant.isEmpty() && !tenant.equals(authenticated.tenant().value())) {
      return Optional.empty();
    }
    if (device.isEmpty() || device.equals(authenticated.id())) {
      return Optional.of(authenticated);
    }
    return DeviceId.isValid(device)
        ? Optional.of(new DeviceId(authenticated.tenant(), device))
        : Optional.empty();
  }

  Optional<String> contentType() {
    return Optional.ofNullable(properties.get(CONTENT_TYPE)).filter(s -> !s.isBlank());
  }

  /** The time the device says it created the message, from the bag's {@code creation-time}. */
  Optional<Instant> creationTime() {
    return Optional.ofNullable(properties.get(CREATION_TIME)).flatMap(MqttTopic::epochMillis);
  }

  /** Milliseconds since the epoch as Hono writes {@code creation-time}; empty when malformed. */
  static Optional<Instant> epochMillis(String text) {
    if (text == null
        || text.isEmpty()
        || text.length() > 15
        || !text.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
  }

  private static boolean parseBag(String bag, Map<String, String> into) {
    if (bag.isEmpty()) {
      return true;
    }
    for (String pair : bag.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        return false;
      }
      try {
        into.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }

  // only %XX escapes are decoded: a literal '+' stays a plus, as in application/ld+json
  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
