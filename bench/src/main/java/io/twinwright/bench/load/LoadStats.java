package io.twinwright.bench.load;

import io.twinwright.bench.report.LatencyTracker;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Publish counters shared by the pacer thread, which counts what it sends, and the MQTT client's
 * threads, which count what completes. Adders, because many threads write and one reads rarely.
 */
public final class LoadStats {
  private final LongAdder warmupSent = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder acknowledged = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final LatencyTracker ackLatency = new LatencyTracker();

  void issued(boolean measured) {
    (measured ? sent : warmupSent).increment();
    inFlight.incrementAndGet();
  }

  void completed(boolean measured, boolean acknowledgement, long latencyNanos) {
    inFlight.decrementAndGet();
    if (acknowledgement && measured) {
      acknowledged.increment();
      ackLatency.recordNanos(latencyNanos);
    }
  }

  void failedToSend() {
    inFlight.decrementAndGet();
    failed.increment();
  }

  public long warmupSent() {
    return warmupSent.sum();
  }

  /** Publishes issued in the measured phase. */
  public long sent() {
    return sent.sum();
  }

  public long failed() {
    return failed.sum();
  }

  /** Measured QoS 1 publishes acknowledged by the platform. */
  public long acknowledged() {
    return acknowledged.sum();
  }

  /** Publishes whose outcome is not known yet. */
  public long inFlight() {
    return inFlight.get();
  }

  public LatencyTracker ackLatency() {
    return ackLatency;
  }
}
