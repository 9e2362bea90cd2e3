package io.twinwright.ontology.vocab;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * Raw vendor number to canonical value in one multiply-add: {@code canonical = raw * factor +
 * offset}.
 *
 * <p>The vendor's own scale and offset, the source unit's way into SI and the canonical unit's way
 * out of it are folded together once, in decimal arithmetic, so the only binary rounding left on
 * the per-message path is that of the final multiply-add.
 */
public record LinearConversion(double factor, double offset) {
  private static final MathContext PRECISION = MathContext.DECIMAL128;

  public LinearConversion {
    if (!Double.isFinite(factor) || factor == 0 || !Double.isFinite(offset)) {
      throw new IllegalArgumentException("not a usable conversion: " + factor + ", " + offset);
    }
  }

  /**
   * The conversion of a raw number that becomes a value in {@code from} after {@code raw * scale +
   * shift}, into a value in {@code to}.
   */
  public static LinearConversion of(Unit from, BigDecimal scale, BigDecimal shift, Unit to) {
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(shift, "shift");
    // x = raw*scale + shift; si = (x + from.offset) * from.multiplier; canonical = si /
    // to.multiplier - to.offset
    BigDecimal ratio = from.multiplier().divide(to.multiplier(), PRECISION);
    BigDecimal factor = scale.multiply(ratio, PRECISION);
    BigDecimal offset =
        shift.add(from.offset()).multiply(ratio, PRECISION).subtract(to.offset(), PRECISION);
    return new LinearConversion(factor.doubleValue(), offset.doubleValue());
  }

  public double apply(double raw) {
    return raw * factor + offset;
  }
}
