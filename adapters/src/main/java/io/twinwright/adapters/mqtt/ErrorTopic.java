package io.twinwright.adapters.mqtt;

import io.twinwright.twin.DeviceId;
import java.util.Objects;
import java.util.Optional;

/**
 * A subscription to Hono's error topic: {@code error/[<tenant>]/[<device>]/#} (or {@code e/...}).
 * With one, a failed PUBLISH is answered by an error message on {@code
 * <prefix>/[<tenant>]/[<device>]/<endpoint>/<correlation-id>/<status>} and acknowledged, instead of
 * closing the connection. The tenant and device segments appear in the error topic exactly when the
 * subscription named them; a gateway subscribes with {@code +} or one device's id.
 *
 * @param prefix {@code error} or {@code e}, as subscribed
 * @param tenant the tenant segment as subscribed; empty when left blank
 * @param device the device segment as subscribed: empty, {@code +} or a device id
 */
record ErrorTopic(String prefix, String tenant, String device) {

  ErrorTopic {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(device, "device");
  }

  /** Whether a filter is meant as an error subscription (it may still be refused). */
  static boolean isErrorFilter(String filter) {
    return filter != null && (filter.startsWith("error/") || filter.startsWith("e/"));
  }

  /**
   * Parses an error filter of the authenticated device; empty when it is malformed or names another
   * tenant. Whether a named other device may be served (gateway) is the caller's decision.
   */
  static Optional<ErrorTopic> parse(String filter, DeviceId authenticated) {
    if (!isErrorFilter(filter)) {
      return Optional.empty();
    }
    String[] segments = filter.split("/", -1);
    if (segments.length != 4 || !segments[3].equals("#")) {
      return Optional.empty();
    }
    String tenant = segments[1];
    String device = segments[2];
    if (!tenant.isEmpty() && !tenant.equals(authenticated.tenant().value())) {
      return Optional.empty();
    }
    if (!device.isEmpty() && !device.equals("+") && !DeviceId.isValid(device)) {
      return Optional.empty();
    }
    return Optional.of(new ErrorTopic(segments[0], tenant, device));
  }

  /** Whether errors of messages for {@code target} are reported under this subscription. */
  boolean covers(DeviceId authenticated, DeviceId target) {
    if (device.isEmpty()) {
      return target.equals(authenticated);
    }
    return device.equals("+") || device.equals(target.id());
  }

  /** The topic an error of a message for {@code target} is published on. */
  String topic(DeviceId target, String endpoint, String correlationId, int status) {
    StringBuilder topic = new StringBuilder(prefix).append('/');
    if (!tenant.isEmpty()) {
      topic.append(target.tenant().value());
    }
    topic.append('/');
    if (!device.isEmpty()) {
      topic.append(target.id());
    }
    return topic
        .append('/')
        .append(endpoint)
        .append('/')
        .append(correlationId)
        .append('/')
        .append(status)
        .toString();
  }
}
