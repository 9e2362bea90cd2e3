package io.twinwright.rules.facts;

import java.time.Duration;
import java.util.Objects;

/**
 * Fleet-wide parameters of the security rules.
 *
 * @param maxAuthFailures how many failures of one device within the window are a brute-force attack
 * @param window the span those failures must fall within; at most {@link #MAX_WINDOW}
 * @param maxMessages a device sending more than this many messages within {@code messageWindow} is
 *     flooding
 * @param messageWindow the span for counting messages; at most {@link #MAX_WINDOW}
 * @param credentialOverlap how long one credential must stay connected from two addresses at once
 *     before it counts as shared (a device that moves to a new address briefly overlaps its old
 *     connection until that one times out); zero counts any overlap
 */
public record SecurityPolicy(
    int maxAuthFailures,
    Duration window,
    int maxMessages,
    Duration messageWindow,
    Duration credentialOverlap) {

  /**
   * The longest window a policy may use. Authentication failures expire from working memory after
   * this long (see {@link AuthFailure}), so a longer window could never be filled.
   */
  public static final Duration MAX_WINDOW = Duration.ofHours(1);

  /** The most messages a flooding limit may allow: the engine keeps that many timestamps. */
  public static final int MAX_MESSAGES = 100_000;

  /** The flooding limit of {@link #defaults()}: far above any sensor's normal rate. */
  public static final int DEFAULT_MAX_MESSAGES = 1_000;

  public static final Duration DEFAULT_MESSAGE_WINDOW = Duration.ofSeconds(10);

  public static final Duration DEFAULT_CREDENTIAL_OVERLAP = Duration.ofSeconds(5);

  public SecurityPolicy {
    if (maxAuthFailures < 1) {
      throw new IllegalArgumentException("maxAuthFailures must be at least 1: " + maxAuthFailures);
    }
    requireWindow(window, "window");
    if (maxMessages < 1 || maxMessages > MAX_MESSAGES) {
      throw new IllegalArgumentException(
          "maxMessages must be between 1 and " + MAX_MESSAGES + ": " + maxMessages);
    }
    requireWindow(messageWindow, "messageWindow");
    Objects.requireNonNull(credentialOverlap, "credentialOverlap");
    if (credentialOverlap.isNegative() || credentialOverlap.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "credentialOverlap must be in [0, " + MAX_WINDOW + "]: " + credentialOverlap);
    }
  }

  /** A brute-force policy with the default flooding limit. */
  public SecurityPolicy(int maxAuthFailures, Duration window) {
    this(
        maxAuthFailures,
        window,
        DEFAULT_MAX_MESSAGES,
        DEFAULT_MESSAGE_WINDOW,
        DEFAULT_CREDENTIAL_OVERLAP);
  }

  /**
   * Five failures within one minute; more than 1,000 messages within 10 s; a credential connected
   * from two addresses for 5 s.
   */
  public static SecurityPolicy defaults() {
    return new SecurityPolicy(5, Duration.ofMinutes(1));
  }

  public SecurityPolicy withFlooding(int maxMessages, Duration messageWindow) {
    return new SecurityPolicy(
        maxAuthFailures, window, maxMessages, messageWindow, credentialOverlap);
  }

  public SecurityPolicy withCredentialOverlap(Duration credentialOverlap) {
    return new SecurityPolicy(
        maxAuthFailures, window, maxMessages, messageWindow, credentialOverlap);
  }

  public long credentialOverlapMillis() {
    return credentialOverlap.toMillis();
  }

  public long windowMillis() {
    return window.toMillis();
  }

  public long messageWindowMillis() {
    return messageWindow.toMillis();
  }

  private static void requireWindow(Duration window, String name) {
    Objects.requireNonNull(window, name);
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException(name + " must be in (0, " + MAX_WINDOW + "]: " + window);
    }
  }
}
