package io.twinwright.rules.findings;

import java.time.Instant;
import java.util.Map;

/**
 * A device sent more messages within the policy's message window than the policy allows.
 *
 * @param thingId the device
 * @param messages how many messages fell within the window (at least the limit plus one)
 * @param limit the policy's limit
 * @param windowMillis the policy's message window
 * @param atMillis when the limit was passed
 */
public record MessageFlooding(
    String thingId, int messages, int limit, long windowMillis, long atMillis)
    implements SecurityFinding {

  @Override
  public String code() {
    return "message-flooding";
  }

  @Override
  public String describe() {
    return "more than " + limit + " messages within " + (windowMillis / 1000.0) + " s";
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of(
        "messages", String.valueOf(messages),
        "limit", String.valueOf(limit),
        "windowMillis", String.valueOf(windowMillis),
        "at", Instant.ofEpochMilli(atMillis).toString());
  }
}
