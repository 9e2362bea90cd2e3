package io.twinwright.rules;

import java.util.Map;
import java.util.Objects;

/**
 * A maintenance work order a rule asks the platform to open.
 *
 * @param thingId the twin the work is about
 * @param code what kind of work, e.g. {@code predicted-failure}; with the thing id it identifies
 *     the order for deduplication while it is open
 * @param priority how urgent
 * @param summary one human-readable sentence
 * @param findings the facts behind the order (e.g. estimated remaining useful life)
 */
public record WorkOrderRequest(
    String thingId, String code, Severity priority, String summary, Map<String, String> findings) {

  public WorkOrderRequest {
    AlertRequest.requireText(thingId, "thingId");
    AlertRequest.requireText(code, "code");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(summary, "summary");
    findings = Map.copyOf(findings);
  }
}
