package io.twinwright.adapters.limits;

/**
 * A token bucket: {@code rate} tokens per second, holding at most one second's worth, so a device
 * may burst to its rate after a pause but never sustain more. Thread-safe (adapters run on several
 * event loops).
 */
final class TokenBucket {
  private final double rate;
  private double tokens;
  private long refilledNanos;

  TokenBucket(int rate, long nowNanos) {
    if (rate < 1) {
      throw new IllegalArgumentException("rate must be positive: " + rate);
    }
    this.rate = rate;
    this.tokens = rate;
    this.refilledNanos = nowNanos;
  }

  /** Takes a token if there is one. */
  synchronized boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Gives back a token taken for a message that another limit then refused. */
  synchronized void giveBack() {
    tokens = Math.min(rate, tokens + 1);
  }

  /** Whole seconds until the next token, at least 1 (for Retry-After). */
  synchronized long secondsUntilToken(long nowNanos) {
    refill(nowNanos);
    double missing = Math.max(0, 1 - tokens);
    return Math.max(1, (long) Math.ceil(missing / rate));
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - refilledNanos;
    if (elapsed > 0) {
      tokens = Math.min(rate, tokens + elapsed * rate / 1e9);
      refilledNanos = nowNanos;
    }
  }
}
