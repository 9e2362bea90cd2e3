package io.twinwright.platform.workorders;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of work orders and their webhook export.
 *
 * @param webhooks URLs every opened or done work order is POSTed to; empty = no export
 * @param secret shared secret of the HMAC-SHA256 signature; required when there are webhooks
 * @param initialBackoff delay before the first retry; each further retry doubles it
 * @param maxBackoff longest delay between two attempts
 * @param maxAttempts attempts per webhook and change, the first included, before it counts as
 *     failed
 * @param requestTimeout how long one attempt may take before it counts as a connection failure
 */
public record WorkOrderConfig(
    List<URI> webhooks,
    String secret,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxAttempts,
    Duration requestTimeout) {

  public WorkOrderConfig {
    webhooks = List.copyOf(webhooks);
    for (URI url : webhooks) {
      String scheme = url.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
        throw new IllegalArgumentException("webhook must be an http(s) URL: " + url);
      }
    }
    Objects.requireNonNull(secret, "secret");
    if (!webhooks.isEmpty() && secret.isBlank()) {
      throw new IllegalArgumentException("webhooks need a shared secret to sign with");
    }
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive");
    }
    requirePositive(requestTimeout, "requestTimeout");
  }

  /**
   * The defaults, declared here and nowhere else: no export; when enabled, retries after 1 s, 2 s,
   * 4 s, ... up to 5 min between attempts, 12 attempts (about 20 minutes of trying), 10 s per
   * request.
   */
  public static WorkOrderConfig defaults() {
    return new WorkOrderConfig(
        List.of(), "", Duration.ofSeconds(1), Duration.ofMinutes(5), 12, Duration.ofSeconds(10));
  }

  /** Exports to these webhooks, signing with this secret. */
  public WorkOrderConfig withWebhooks(List<URI> webhooks, String secret) {
    return new WorkOrderConfig(
        webhooks, secret, initialBackoff, maxBackoff, maxAttempts, requestTimeout);
  }

  /** Retries with this backoff and number of attempts. */
  public WorkOrderConfig withBackoff(Duration initial, Duration max, int attempts) {
    return new WorkOrderConfig(webhooks, secret, initial, max, attempts, requestTimeout);
  }

  public WorkOrderConfig withRequestTimeout(Duration timeout) {
    return new WorkOrderConfig(webhooks, secret, initialBackoff, maxBackoff, maxAttempts, timeout);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
