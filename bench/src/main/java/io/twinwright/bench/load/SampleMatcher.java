package io.twinwright.bench.load;

import io.twinwright.bench.payload.PublishKey;
import io.twinwright.bench.report.LatencyTracker;
import io.twinwright.bench.sse.TwinStream;
import io.twinwright.bench.sse.TwinUpdate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Traces twin updates of sampled devices back to the publishes that caused them. The pacer records
 * when it published each value of a sampled device; when the SSE stream shows that value on the
 * device's twin, the difference is the end-to-end latency.
 *
 * <p>Pending publishes are keyed by {@link PublishKey}; because values repeat only after {@link
 * io.twinwright.bench.payload.TemperatureCodec#SPAN} messages per device, the pending set stays
 * bounded even when the platform coalesces updates and some publishes are never seen.
 */
public final class SampleMatcher implements TwinStream.Listener {
  private record Pending(long publishedNanos, boolean measured) {}

  private final Map<PublishKey, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, Boolean> sampled = new ConcurrentHashMap<>();
  private final LatencyTracker latency = new LatencyTracker();
  private final LongAdder expected = new LongAdder();
  private final LongAdder observed = new LongAdder();
  private final LongAdder matched = new LongAdder();
  private final AtomicLong outstanding = new AtomicLong();
  private volatile long measureStartNanos = Long.MAX_VALUE;

  /** Tracks these things; updates of any other thing are ignored. */
  public SampleMatcher(Collection<String> thingIds) {
    thingIds.forEach(id -> sampled.put(Objects.requireNonNull(id, "thingId"), Boolean.TRUE));
  }

  public boolean isSampled(String thingId) {
    return sampled.containsKey(thingId);
  }

  public List<String> thingIds() {
    return List.copyOf(sampled.keySet());
  }

  /** From this instant on, arriving updates count as observed during the measured phase. */
  public void startMeasuring(long nanos) {
    measureStartNanos = nanos;
  }

  /** Notes a publish of a sampled device; call before sending, so the answer cannot overtake it. */
  public void published(String thingId, int centi, long publishedNanos, boolean measured) {
    Pending previous =
        pending.put(new PublishKey(thingId, centi), new Pending(publishedNanos, measured));
    if (measured) {
      expected.increment();
      outstanding.incrementAndGet();
    }
    if (previous != null && previous.measured()) {
      outstanding.decrementAndGet();
    }
  }

  @Override
  public void onUpdate(TwinUpdate update, long arrivalNanos) {
    if (!isSampled(update.thingId())) {
      return;
    }
    if (arrivalNanos >= measureStartNanos) {
      observed.increment();
    }
    Pending publish =
        pending.remove(PublishKey.ofTwinValue(update.thingId(), update.temperature()));
    if (publish != null && publish.measured()) {
      matched.increment();
      outstanding.decrementAndGet();
      latency.recordNanos(arrivalNanos - publish.publishedNanos());
    }
  }

  /** Measured publishes to sampled devices. */
  public long expected() {
    return expected.sum();
  }

  /** Updates of sampled twins that arrived in the measured phase. */
  public long observed() {
    return observed.sum();
  }

  /** Updates traced back to a measured publish. */
  public long matched() {
    return matched.sum();
  }

  /** Measured publishes whose twin update has not been seen yet. */
  public long outstanding() {
    return outstanding.get();
  }

  /** Publish to twin-updated latencies. */
  public LatencyTracker latency() {
    return latency;
  }
}
