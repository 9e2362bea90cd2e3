package io.twinwright.platform.campaigns;

import io.twinwright.rules.CommandRequest;
import io.twinwright.rules.RuleActions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Binds the campaign command port to the platform's command action: the same path a rule's {@code
 * sendCommand} takes, so campaign commands reach devices through whatever the platform delivers
 * commands with (the durable outbox). The command's expiry travels in the findings until that
 * action carries it itself.
 */
public final class CommandPortBinding {
  private CommandPortBinding() {}

  public static FirmwareCommands through(RuleActions actions) {
    return (device, command, expires) -> {
      try {
        actions.sendCommand(
            new CommandRequest(
                device.thingId(),
                command.name(),
                command.payload(),
                Map.of("campaign", command.campaign(), "expires", expires.toString())));
        return CompletableFuture.completedFuture(null);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }
}
