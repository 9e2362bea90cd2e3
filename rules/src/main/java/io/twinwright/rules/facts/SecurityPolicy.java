package io.twinwright.rules.facts;

import java.time.Duration;
import java.util.Objects;

/**
 * When repeated authentication failures count as an attack.
 *
 * @param maxAuthFailures how many failures of one device within the window trigger quarantine
 * @param window the span those failures must fall within; at most {@link #MAX_WINDOW}
 */
public record SecurityPolicy(int maxAuthFailures, Duration window) {

  /**
   * The longest window a policy may use. Authentication failures expire from working memory after
   * this long (the {@code @expires} of {@code AuthFailure} in the security rules must be at least
   * this), so a longer window could never be filled.
   */
  public static final Duration MAX_WINDOW = Duration.ofHours(1);

  public SecurityPolicy {
    if (maxAuthFailures < 1) {
      throw new IllegalArgumentException("maxAuthFailures must be at least 1: " + maxAuthFailures);
    }
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("window must be in (0, " + MAX_WINDOW + "]: " + window);
    }
  }

  /** Five failures within one minute. */
  public static SecurityPolicy defaults() {
    return new SecurityPolicy(5, Duration.ofMinutes(1));
  }

  public long windowMillis() {
    return window.toMillis();
  }
}
