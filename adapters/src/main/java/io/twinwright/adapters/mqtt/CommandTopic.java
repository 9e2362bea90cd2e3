package io.twinwright.adapters.mqtt;

import java.util.Objects;
import java.util.Optional;

/**
 * Hono's command topics, in long ({@code command/.../req}, {@code .../res}) and short ({@code
 * c/.../q}, {@code .../s}) form.
 *
 * <p>A device subscribes {@code command/<tenant>/<device>/req/#}, where the tenant may be left
 * empty (the authenticated one) and the device empty (itself), {@code +} (every device it is a
 * gateway for) or a device id. Commands arrive on the subscription's prefix followed by {@code
 * <request-id>/<name>}, with an empty request id for one-way commands and the device id in place of
 * {@code +}. Responses are published on {@code
 * command/<tenant>/<device>/res/<request-id>/<status>}.
 */
final class CommandTopic {

  static final String LONG = "command";
  static final String SHORT = "c";

  private CommandTopic() {}

  /** True for any topic in the command namespace (whether or not it is well formed). */
  static boolean isCommandTopic(String topic) {
    return topic != null && (topic.startsWith(LONG + "/") || topic.startsWith(SHORT + "/"));
  }

  /**
   * A command subscription filter.
   *
   * @param shortForm {@code c///q/#} rather than {@code command///req/#}
   * @param tenant the tenant segment as subscribed, possibly empty
   * @param device the device segment as subscribed: empty, {@code +} or a device id
   */
  record Filter(boolean shortForm, String tenant, String device) {
    Filter {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(device, "device");
    }

    /** Parses a subscription filter; empty when it is not a command subscription. */
    static Optional<Filter> parse(String filter) {
      if (!isCommandTopic(filter)) {
        return Optional.empty();
      }
      String[] s = filter.split("/", -1);
      if (s.length != 5 || !"#".equals(s[4])) {
        return Optional.empty();
      }
      boolean shortForm = SHORT.equals(s[0]);
      if (!s[3].equals(shortForm ? "q" : "req")) {
        return Optional.empty();
      }
      if (wildcard(s[1]) || (wildcard(s[2]) && !"+".equals(s[2]))) {
        return Optional.empty();
      }
      return Optional.of(new Filter(shortForm, s[1], s[2]));
    }

    boolean allGatewayDevices() {
      return "+".equals(device);
    }

    /** The topic a command for {@code deviceId} is published on under this subscription. */
    String topic(String deviceId, Optional<String> requestId, String name) {
      String deviceSegment = allGatewayDevices() ? deviceId : device;
      return (shortForm ? SHORT : LONG)
          + '/'
          + tenant
          + '/'
          + deviceSegment
          + '/'
          + (shortForm ? "q" : "req")
          + '/'
          + requestId.orElse("")
          + '/'
          + name;
    }
  }

  /**
   * A command response topic.
   *
   * @param tenant the tenant segment, possibly empty
   * @param device the device segment, possibly empty (the authenticated device)
   * @param requestId the request id the command carried
   * @param status the device's status code
   * @param contentType from a property bag {@code /?content-type=...}, if present
   */
  record Response(
      String tenant, String device, String requestId, int status, Optional<String> contentType) {

    /** Parses a response topic; empty when malformed (including a status outside 200..599). */
    static Optional<Response> parse(String topic) {
      if (!isCommandTopic(topic)) {
        return Optional.empty();
      }
      int bag = topic.lastIndexOf("/?");
      String path = bag < 0 ? topic : topic.substring(0, bag);
      Optional<String> contentType = Optional.empty();
      if (bag >= 0) {
        Optional<MqttTopic> props = MqttTopic.parse("t" + topic.substring(bag));
        if (props.isEmpty()) {
          return Optional.empty();
        }
        contentType = props.get().contentType();
      }
      String[] s = path.split("/", -1);
      if (s.length != 6) {
        return Optional.empty();
      }
      boolean shortForm = SHORT.equals(s[0]);
      if (!s[3].equals(shortForm ? "s" : "res") || s[4].isEmpty()) {
        return Optional.empty();
      }
      if (wildcard(s[1]) || wildcard(s[2]) || wildcard(s[4])) {
        return Optional.empty();
      }
      int status;
      try {
        status = Integer.parseInt(s[5]);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (status < 200 || status > 599) {
        return Optional.empty();
      }
      return Optional.of(new Response(s[1], s[2], s[4], status, contentType));
    }
  }

  private static boolean wildcard(String segment) {
    return segment.contains("+") || segment.contains("#");
  }
}
