package io.twinwright.rules.maintenance.analytics;

/**
 * A two-sided tabular CUSUM over standardised residuals (z-scores): it accumulates evidence that
 * the mean has moved up ({@link #upper}) or down ({@link #lower}) by more than the reference value
 * {@code k}, and forgets at rate {@code k} while there is none. A slow drift that an adaptive
 * baseline keeps lagging behind leaves a persistent residual of one sign, which is exactly what it
 * accumulates; zero-mean noise keeps both sums near zero.
 *
 * @param upper evidence of an upward shift, in standard deviations
 * @param lower evidence of a downward shift, in standard deviations
 */
public record Cusum(double upper, double lower) {

  /**
   * A single residual counts for at most this many standard deviations: one wild reading must not
   * decide alone that the mean has moved (it would otherwise add, say, 1e308).
   */
  public static final double MAX_STEP = 1_000;

  public Cusum {
    if (!(upper >= 0) || !(lower >= 0) || !Double.isFinite(upper) || !Double.isFinite(lower)) {
      throw new IllegalArgumentException("invalid CUSUM state: " + upper + ", " + lower);
    }
  }

  public static Cusum zero() {
    return new Cusum(0, 0);
  }

  /** The sums after one more standardised residual {@code z}, with reference value {@code k}. */
  public Cusum next(double z, double k) {
    if (!(k >= 0)) {
      throw new IllegalArgumentException("k must not be negative: " + k);
    }
    if (Double.isNaN(z)) {
      return this;
    }
    double step = Math.max(-MAX_STEP, Math.min(MAX_STEP, z));
    return new Cusum(Math.max(0, upper + step - k), Math.max(0, lower - step - k));
  }

  /** The larger of the two sums: how strongly the mean is believed to have moved either way. */
  public double statistic() {
    return Math.max(upper, lower);
  }

  /** +1 if the evidence is of an upward shift, -1 downward, 0 if there is none. */
  public int direction() {
    if (upper == 0 && lower == 0) {
      return 0;
    }
    return upper >= lower ? 1 : -1;
  }
}
