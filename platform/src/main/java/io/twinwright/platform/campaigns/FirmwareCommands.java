package io.twinwright.platform.campaigns;

import io.twinwright.twin.DeviceId;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * Where campaign commands leave for the devices. The binding must keep a command for a device that
 * is offline and deliver it when the device reconnects, until {@code expires} (Hono's command
 * semantics with a durable outbox).
 */
@FunctionalInterface
public interface FirmwareCommands {

  /**
   * Queues the command for the device.
   *
   * @return completes once the command is accepted for delivery (durably queued); fails if it is
   *     refused, and the device then counts as having rejected the update
   */
  CompletionStage<Void> send(DeviceId device, FirmwareCommand command, Instant expires);

  /**
   * Takes back the device's commands of this name that still wait for delivery. After a crash the
   * outbox may hold again a command it had delivered (its removal was not yet on disk); the
   * campaign withdraws it for a device whose reports show it got the command. A port that delivers
   * at once keeps nothing to withdraw.
   *
   * @param name {@link FirmwareCommand#name()}
   * @return how many were withdrawn
   */
  default int withdraw(DeviceId device, String name) {
    return 0;
  }
}
