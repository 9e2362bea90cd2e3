package io.twinwright.bench.report;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records latencies from any thread without locking (HdrHistogram's {@link Recorder}) and hands out
 * both interval views, for progress lines, and the accumulated distribution, for the summary.
 */
public final class LatencyTracker {
  /** Anything slower than an hour is recorded as an hour rather than lost. */
  private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

  private static final int SIGNIFICANT_DIGITS = 3;

  private final Recorder recorder = new Recorder(MAX_MICROS, SIGNIFICANT_DIGITS);
  private final Histogram total = new Histogram(MAX_MICROS, SIGNIFICANT_DIGITS);
  private Histogram recycled;

  /** Records one latency; negative readings (clock skew between threads) count as zero. */
  public void recordNanos(long nanos) {
    long micros = Math.max(0, nanos / 1_000);
    recorder.recordValue(Math.min(micros, MAX_MICROS));
  }

  /** The latencies recorded since the previous call of this or {@link #total()}. */
  public synchronized LatencySummary interval() {
    Histogram interval = recorder.getIntervalHistogram(recycled);
    total.add(interval);
    recycled = interval;
    return LatencySummary.ofMicros(interval);
  }

  /** Every latency recorded so far. */
  public synchronized LatencySummary total() {
    interval();
    return LatencySummary.ofMicros(total);
  }
}
