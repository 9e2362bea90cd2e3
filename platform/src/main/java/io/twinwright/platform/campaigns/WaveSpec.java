package io.twinwright.platform.campaigns;

import java.util.Objects;

/**
 * How many devices one wave takes: a share of the campaign's devices, a count, or the rest. The
 * last wave always takes every device left, whatever it says.
 *
 * @param kind how {@code amount} is read
 * @param amount a percentage (0 < x ≤ 100) or a count (≥ 1); ignored for the rest
 */
public record WaveSpec(Kind kind, double amount) {

  /** How a wave's size is given. */
  public enum Kind {
    PERCENT,
    COUNT,
    REST
  }

  public WaveSpec {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.PERCENT && !(amount > 0 && amount <= 100)) {
      throw new IllegalArgumentException("a wave's percent must be above 0 and at most 100");
    }
    if (kind == Kind.COUNT && !(amount >= 1 && amount == Math.floor(amount))) {
      throw new IllegalArgumentException("a wave's count must be a whole number of at least 1");
    }
  }

  /** This wave's size out of {@code total} devices, of which {@code left} are not in a wave yet. */
  int size(int total, int left, boolean last) {
    if (last || kind == Kind.REST) {
      return left;
    }
    int wanted = kind == Kind.COUNT ? (int) amount : (int) Math.ceil(amount * total / 100.0 - 1e-9);
    return Math.min(left, Math.max(wanted, 0));
  }
}
