package io.twinwright.adapters.command;

import io.vertx.core.Future;

/**
 * A live way to reach a device: an MQTT connection subscribed to its command topic, or an HTTP or
 * CoAP request waiting with {@code hono-ttd}.
 */
@FunctionalInterface
public interface CommandConsumer {

  /**
   * Hands a command to the device. The future succeeds once the device has it as far as the
   * protocol can tell (MQTT PUBACK for QoS 1, written to the socket for QoS 0, the HTTP or CoAP
   * response sent); only then is the command removed from the outbox. A failure leaves it there.
   */
  Future<Void> deliver(Command command);
}
