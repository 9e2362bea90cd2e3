package io.twinwright.adapters.command;

import io.twinwright.twin.DeviceId;
import io.vertx.core.Future;

/** What the protocol adapters need of the command service. */
public interface CommandGateway {

  /** A gateway that never has a command and refuses responses: for adapters run without one. */
  CommandGateway NONE =
      new CommandGateway() {
        @Override
        public Registration subscribe(DeviceId device, CommandConsumer consumer, boolean once) {
          return () -> {};
        }

        @Override
        public Future<Void> respond(CommandResponse response) {
          return Future.failedFuture(
              new IllegalStateException("no command is waiting for " + response.requestId()));
        }
      };

  /**
   * Registers a live consumer for the device's commands. Pending commands of the device are handed
   * to it first, oldest first, then new ones as they are sent. With {@code once}, the registration
   * ends after the first command delivered (an HTTP or CoAP request with {@code hono-ttd} carries
   * at most one command).
   */
  Registration subscribe(DeviceId device, CommandConsumer consumer, boolean once);

  /**
   * Passes a device's response to whoever sent the request. Fails when no request with that id is
   * waiting (unknown, or its timeout passed).
   */
  Future<Void> respond(CommandResponse response);

  /** Ends a consumer's registration; idempotent. */
  @FunctionalInterface
  interface Registration {
    void cancel();
  }
}
