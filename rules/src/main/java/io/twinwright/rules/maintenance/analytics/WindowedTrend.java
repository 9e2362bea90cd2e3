package io.twinwright.rules.maintenance.analytics;

/**
 * A least-squares line through the readings of the last {@code window} of time, kept in a fixed
 * ring of time buckets: each reading is added to its bucket in constant time, buckets older than
 * the window are dropped whole, and the fit combines the buckets' sums. Memory is bounded by the
 * bucket count whatever the reporting rate; the window's edge is exact to one bucket width.
 *
 * <p>Each bucket keeps its sums with time measured from the bucket's own start, and the fit shifts
 * them to the newest bucket, so the fit does not lose precision to large epoch timestamps.
 *
 * <p>Mutable and not thread-safe: it lives inside one fact of one rule session.
 */
public final class WindowedTrend {
  private static final double MILLIS_PER_DAY = 86_400_000.0;

  private final long windowMillis;
  private final long bucketMillis;
  private final long[] bucketIds;
  private final double[] n;
  private final double[] sumT;
  private final double[] sumY;
  private final double[] sumTT;
  private final double[] sumTY;
  private final long[] firstMillis;
  private long lastMillis = Long.MIN_VALUE;
  private double lastValue = Double.NaN;

  /**
   * @param windowMillis how far back readings count
   * @param buckets how many buckets the window is cut into (the resolution of its edge)
   */
  public WindowedTrend(long windowMillis, int buckets) {
    if (windowMillis < 1 || buckets < 1) {
      throw new IllegalArgumentException("window and buckets must be positive");
    }
    this.windowMillis = windowMillis;
    this.bucketMillis = Math.max(1, windowMillis / buckets);
    int slots = buckets + 1;
    bucketIds = new long[slots];
    java.util.Arrays.fill(bucketIds, Long.MIN_VALUE);
    n = new double[slots];
    sumT = new double[slots];
    sumY = new double[slots];
    sumTT = new double[slots];
    sumTY = new double[slots];
    firstMillis = new long[slots];
  }

  public long windowMillis() {
    return windowMillis;
  }

  /** Adds a reading; readings older than the newest one so far are ignored. */
  public void add(long atMillis, double value) {
    if (!Double.isFinite(value) || atMillis < lastMillis) {
      return;
    }
    long id = Math.floorDiv(atMillis, bucketMillis);
    int slot = (int) Math.floorMod(id, (long) bucketIds.length);
    if (bucketIds[slot] != id) {
      bucketIds[slot] = id;
      n[slot] = 0;
      sumT[slot] = 0;
      sumY[slot] = 0;
      sumTT[slot] = 0;
      sumTY[slot] = 0;
      firstMillis[slot] = atMillis;
    }
    double t = (atMillis - id * bucketMillis) / MILLIS_PER_DAY;
    n[slot] += 1;
    sumT[slot] += t;
    sumY[slot] += value;
    sumTT[slot] += t * t;
    sumTY[slot] += t * value;
    lastMillis = atMillis;
    lastValue = value;
  }

  /** Forgets every reading (a battery was replaced, a machine was repaired). */
  public void reset() {
    java.util.Arrays.fill(bucketIds, Long.MIN_VALUE);
    lastMillis = Long.MIN_VALUE;
    lastValue = Double.NaN;
  }

  /** The newest reading's value, or NaN before any. */
  public double lastValue() {
    return lastValue;
  }

  /** The fitted line over the window ending at the newest reading. */
  public Fit fit() {
    if (lastMillis == Long.MIN_VALUE) {
      return Fit.EMPTY;
    }
    long newestId = Math.floorDiv(lastMillis, bucketMillis);
    long oldestValidMillis = lastMillis - windowMillis;
    double origin = newestId * (double) bucketMillis;
    double count = 0;
    double st = 0;
    double sy = 0;
    double stt = 0;
    double sty = 0;
    long first = lastMillis;
    for (int i = 0; i < bucketIds.length; i++) {
      long id = bucketIds[i];
      // a bucket counts while any part of it lies inside the window
      if (id == Long.MIN_VALUE || (id + 1) * bucketMillis <= oldestValidMillis || id > newestId) {
        continue;
      }
      double shift = (id * (double) bucketMillis - origin) / MILLIS_PER_DAY;
      count += n[i];
      st += sumT[i] + n[i] * shift;
      sy += sumY[i];
      stt += sumTT[i] + 2 * shift * sumT[i] + n[i] * shift * shift;
      sty += sumTY[i] + shift * sumY[i];
      first = Math.min(first, firstMillis[i]);
    }
    double tNow = (lastMillis - origin) / MILLIS_PER_DAY;
    if (count < 2) {
      return new Fit((long) count, 0, lastValue, 0);
    }
    double denominator = count * stt - st * st;
    // all readings at (almost) one instant: no slope can be measured
    double slope = denominator > 1e-18 * count * count ? (count * sty - st * sy) / denominator : 0;
    double intercept = (sy - slope * st) / count;
    return new Fit((long) count, slope, intercept + slope * tNow, lastMillis - first);
  }

  /**
   * A fitted line.
   *
   * @param readings how many readings it was fitted to
   * @param slopePerDay the change of the value per day
   * @param levelNow the line's value at the newest reading (less noisy than that reading)
   * @param spanMillis the time between the oldest and newest reading in the window
   */
  public record Fit(long readings, double slopePerDay, double levelNow, long spanMillis) {
    static final Fit EMPTY = new Fit(0, 0, Double.NaN, 0);

    /**
     * How many days until the line reaches {@code level}: 0 if it is there already, positive
     * infinity if the line does not head towards it.
     */
    public double daysUntil(double level) {
      if (readings == 0) {
        return Double.POSITIVE_INFINITY;
      }
      double gap = level - levelNow;
      if (gap == 0) {
        return 0;
      }
      if (slopePerDay == 0 || Math.signum(gap) != Math.signum(slopePerDay)) {
        return Double.POSITIVE_INFINITY;
      }
      return gap / slopePerDay;
    }
  }
}
