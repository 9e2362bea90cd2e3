package io.twinwright.platform.audit;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of the audit log.
 *
 * @param maxEntries entries kept at most; the oldest beyond are deleted
 * @param retention how long an entry is kept at most (a TTL index on its time)
 * @param queueLimit entries waiting to be written at most; beyond it appends are dropped (and
 *     counted) rather than letting a slow store hold up the rules
 * @param trimEvery how many written entries between two checks of {@code maxEntries}
 */
public record AuditConfig(int maxEntries, Duration retention, int queueLimit, int trimEvery) {

  public AuditConfig {
    requirePositive(maxEntries, "maxEntries");
    Objects.requireNonNull(retention, "retention");
    if (retention.isZero() || retention.isNegative()) {
      throw new IllegalArgumentException("retention must be positive");
    }
    requirePositive(queueLimit, "queueLimit");
    requirePositive(trimEvery, "trimEvery");
  }

  /** The defaults, declared here and nowhere else: a million entries, 90 days. */
  public static AuditConfig defaults() {
    return new AuditConfig(1_000_000, Duration.ofDays(90), 100_000, 10_000);
  }

  public AuditConfig withMaxEntries(int max, int trimEvery) {
    return new AuditConfig(max, retention, queueLimit, trimEvery);
  }

  public AuditConfig withRetention(Duration retention) {
    return new AuditConfig(maxEntries, retention, queueLimit, trimEvery);
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
