package io.twinwright.platform.campaigns;

import io.twinwright.adapters.command.CommandException;
import io.twinwright.adapters.command.CommandService;
import io.twinwright.twin.DeviceId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Binds the campaign command port to the platform's durable command outbox: each firmware command
 * becomes a one-way Hono command ({@code command///req//firmware.update} on MQTT, the {@code
 * hono-command} headers of an HTTP or CoAP answer) that waits for an offline device until the
 * campaign's expiry. The port's future completes once the outbox holds the command on disk, so an
 * issued device's command survives a restart; a refusal makes the device count as rejected. A
 * withdrawal takes back what still waits in the outbox.
 */
public final class CommandPortBinding {
  private CommandPortBinding() {}

  public static FirmwareCommands to(CommandService commands, Clock clock) {
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(clock, "clock");
    return new FirmwareCommands() {
      @Override
      public CompletableFuture<Void> send(
          DeviceId device, FirmwareCommand command, Instant expires) {
        Duration ttl = Duration.between(clock.instant(), expires);
        if (ttl.isNegative() || ttl.isZero()) {
          return CompletableFuture.failedFuture(
              new CommandException(CommandException.INVALID, "the command expired at " + expires));
        }
        return commands
            .send(
                device,
                command.name(),
                "application/json",
                command.payload().getBytes(StandardCharsets.UTF_8),
                Optional.of(ttl))
            .<Void>map(stored -> null)
            .toCompletionStage()
            .toCompletableFuture();
      }

      @Override
      public int withdraw(DeviceId device, String name) {
        return commands.withdraw(device, name);
      }
    };
  }
}
