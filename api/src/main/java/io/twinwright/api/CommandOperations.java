package io.twinwright.api;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * Commands to devices, behind Ditto's {@code /api/2/things/{thingId}/inbox/messages/{subject}}; the
 * platform binds it to the durable command outbox. The thing id is the device's (namespace =
 * tenant, name = device id).
 *
 * <p>Both methods are called on an event loop and must not block. Expected refusals fail with
 * {@link ApiException} (400 invalid subject, 404 unknown device, 503 outbox unavailable); any other
 * failure is reported to the client as an internal error.
 */
public interface CommandOperations {

  /**
   * Sends a one-way command; completes once the command is durably queued for the device (it is
   * delivered when the device connects, unless it expires first).
   */
  Future<Void> send(String thingId, String subject, String contentType, byte[] payload);

  /**
   * Sends a request/response command and waits for the device's answer.
   *
   * @return the answer, or empty when the device did not answer within {@code timeout}
   */
  Future<Optional<CommandReply>> request(
      String thingId, String subject, String contentType, byte[] payload, Duration timeout);
}
