package io.twinwright.adapters;

import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * What the adapters observe about devices beyond their messages: failed logins (which feed the
 * security rules and rate limiting) and the coming and going of connections (which feed the twin's
 * {@code connectivity} feature). Every method has a no-op default so a listener implements only
 * what it needs. Methods are called on an event loop and must not block.
 */
public interface DeviceEventListener {

  /** A listener that ignores everything. */
  DeviceEventListener NONE = new DeviceEventListener() {};

  /**
   * A device presented credentials that were refused.
   *
   * @param device the device the auth-id belongs to, when the auth-id is known
   */
  default void authenticationFailed(
      TenantId tenant,
      String authId,
      Optional<DeviceId> device,
      String remoteAddress,
      Instant at) {}

  /** A device opened a connection ({@code protocol} is e.g. {@code mqtt}). */
  default void connected(DeviceId device, String protocol, String remoteAddress, Instant at) {}

  /** A connection of the device closed, for whatever reason. */
  default void disconnected(DeviceId device, String protocol, Instant at) {}

  /**
   * Whether a device can be reached for commands, with Hono's time-until-disconnect semantics: -1
   * until further notice (an MQTT command subscription), 0 no longer (unsubscribed, or the end of a
   * wait), {@code n > 0} for the next n seconds (an HTTP or CoAP request waiting with {@code
   * hono-ttd}).
   */
  default void commandReadiness(DeviceId device, String protocol, int ttd, Instant at) {}

  /**
   * Traffic of a device: a message it (or its gateway for it) sent. Called for every message, so an
   * implementation must be cheap.
   */
  default void seen(DeviceId device, String protocol, Instant at) {}

  /**
   * A device was refused for exceeding a limit.
   *
   * @param kind {@code device-rate}, {@code tenant-rate} or {@code tenant-connections}
   */
  default void rateLimited(DeviceId device, String kind, Instant at) {}

  /**
   * A device was registered without an operator (zero-touch provisioning), before its first message
   * is forwarded: the listener can give it its twin in time.
   *
   * @param registration as stored; {@code ext.model} carries the tenant's default model if any
   * @param origin what registered it: {@code certificate <subject DN>} or {@code gateway <id>}
   */
  default void provisioned(DeviceId device, Registration registration, String origin, Instant at) {}
}
