package io.twinwright.platform.wiring;

import io.twinwright.adapters.command.CommandException;
import io.twinwright.adapters.command.CommandService;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.api.ApiException;
import io.twinwright.api.CommandOperations;
import io.twinwright.api.CommandReply;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Optional;

/**
 * The API's message inbox bound to the command outbox. Only registered devices take commands; the
 * outbox's refusals become the API's error type here.
 */
public final class ApiCommands implements CommandOperations {
  private final CommandService commands;
  private final DeviceRegistry registry;

  public ApiCommands(CommandService commands, DeviceRegistry registry) {
    this.commands = commands;
    this.registry = registry;
  }

  @Override
  public Future<Void> send(String thingId, String subject, String contentType, byte[] payload) {
    return device(thingId)
        .compose(d -> commands.send(d, subject, contentType, payload, Optional.empty()))
        .<Void>mapEmpty()
        .recover(ApiCommands::refusal);
  }

  @Override
  public Future<Optional<CommandReply>> request(
      String thingId, String subject, String contentType, byte[] payload, Duration timeout) {
    return device(thingId)
        .compose(d -> commands.request(d, subject, contentType, payload, timeout))
        .map(r -> Optional.of(new CommandReply(r.status(), r.contentType(), r.payload())))
        .recover(
            e ->
                CommandException.statusOf(e) == CommandException.TIMEOUT
                    ? Future.succeededFuture(Optional.empty())
                    : refusal(e));
  }

  private Future<DeviceId> device(String thingId) {
    DeviceId device;
    try {
      device = DeviceId.ofThingId(thingId);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ApiException.invalid(e.getMessage()));
    }
    if (registry.device(device).isEmpty()) {
      return Future.failedFuture(
          ApiException.notFound("No device is registered for thing '" + thingId + "'."));
    }
    return Future.succeededFuture(device);
  }

  private static <T> Future<T> refusal(Throwable e) {
    if (e instanceof ApiException) {
      return Future.failedFuture(e);
    }
    return Future.failedFuture(
        switch (CommandException.statusOf(e)) {
          case CommandException.INVALID -> ApiException.invalid(e.getMessage());
          default ->
              new ApiException(
                  503,
                  "messages:service.unavailable",
                  "The command could not be queued for the device.",
                  "Try again later; if the problem persists, contact the operator.");
        });
  }
}
