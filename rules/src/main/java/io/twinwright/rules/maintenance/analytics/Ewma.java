package io.twinwright.rules.maintenance.analytics;

/**
 * An exponentially weighted moving average and variance of a signal: the sensor's adaptive
 * baseline.
 *
 * <p>The variance is that of the one-step prediction error {@code x - mean} (measured before the
 * mean moves), so {@link #zScore(double)} says how surprising a new reading is given everything
 * seen so far. While fewer than {@code 1/alpha} readings have been seen, the weight is {@code
 * 1/(n+1)} instead of {@code alpha}: the first readings then give a plain running mean rather than
 * a baseline dominated by the very first value.
 *
 * @param mean the current baseline level
 * @param variance the current variance of the prediction error
 * @param count how many readings have been absorbed
 */
public record Ewma(double mean, double variance, long count) {

  public Ewma {
    if (!Double.isFinite(mean) || !Double.isFinite(variance) || variance < 0 || count < 0) {
      throw new IllegalArgumentException(
          "invalid EWMA state: mean=" + mean + " variance=" + variance + " count=" + count);
    }
  }

  /** The baseline before any reading. */
  public static Ewma empty() {
    return new Ewma(0, 0, 0);
  }

  /** The baseline after absorbing {@code x} with smoothing weight {@code alpha} in (0, 1]. */
  public Ewma next(double x, double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1]: " + alpha);
    }
    if (!Double.isFinite(x)) {
      return this;
    }
    if (count == 0) {
      return new Ewma(x, 0, 1);
    }
    double weight = Math.max(alpha, 1.0 / (count + 1));
    double error = x - mean;
    double nextMean = mean + weight * error;
    double nextVariance = (1 - weight) * (variance + weight * error * error);
    return new Ewma(nextMean, nextVariance, count + 1);
  }

  public double sigma() {
    return Math.sqrt(variance);
  }

  /**
   * How many standard deviations {@code x} lies from the baseline; 0 for a reading equal to the
   * baseline of a signal that has never varied, and ±{@link Double#MAX_VALUE} for any other reading
   * of such a signal (it cannot be scored, only said to differ).
   */
  public double zScore(double x) {
    double error = x - mean;
    double sigma = sigma();
    if (sigma > 0) {
      return error / sigma;
    }
    return error == 0 ? 0 : Math.copySign(Double.MAX_VALUE, error);
  }
}
