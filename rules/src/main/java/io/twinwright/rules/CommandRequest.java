package io.twinwright.rules;

import java.util.Map;
import java.util.Objects;

/**
 * A command a rule asks the platform to send to a device (Hono's command and control).
 *
 * @param thingId the device
 * @param name the command name (Hono's {@code subject}), e.g. {@code reboot}
 * @param payload the command body, JSON text ({@code {}} for none)
 * @param findings the facts behind the command
 */
public record CommandRequest(
    String thingId, String name, String payload, Map<String, String> findings) {

  public CommandRequest {
    AlertRequest.requireText(thingId, "thingId");
    AlertRequest.requireText(name, "name");
    Objects.requireNonNull(payload, "payload");
    findings = Map.copyOf(findings);
  }
}
