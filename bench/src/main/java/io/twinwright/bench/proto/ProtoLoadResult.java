package io.twinwright.bench.proto;

import io.twinwright.bench.ProtoLoadConfig.Protocol;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What one window measured.
 *
 * @param protocol the protocol measured
 * @param devices devices in the fleet
 * @param inFlight requests kept outstanding
 * @param duration the measured window
 * @param acceptedStatus the status counted as accepted ({@code 202}, {@code 2.04})
 * @param accepted accepted responses to requests sent inside the window
 * @param others every other outcome by status or error, with its count
 * @param latencyMicros request-to-response time of accepted messages, microseconds
 */
public record ProtoLoadResult(
    Protocol protocol,
    int devices,
    int inFlight,
    Duration duration,
    String acceptedStatus,
    long accepted,
    Map<String, Long> others,
    Histogram latencyMicros) {
  public ProtoLoadResult {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(acceptedStatus, "acceptedStatus");
    others = Map.copyOf(Objects.requireNonNull(others, "others"));
    Objects.requireNonNull(latencyMicros, "latencyMicros");
  }

  /** Accepted messages per second of the measured window. */
  public double acceptedPerSecond() {
    return accepted / (duration.toNanos() / 1e9);
  }

  public String summary() {
    return String.format(
        Locale.ROOT,
        "%s: %d x %s in %.1f s = %.0f msgs/s; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
            + " max %.1f ms; other outcomes: %s",
        protocol,
        accepted,
        acceptedStatus,
        duration.toNanos() / 1e9,
        acceptedPerSecond(),
        latencyMicros.getValueAtPercentile(50) / 1000.0,
        latencyMicros.getValueAtPercentile(90) / 1000.0,
        latencyMicros.getValueAtPercentile(99) / 1000.0,
        latencyMicros.getMaxValue() / 1000.0,
        others.isEmpty() ? "none" : new TreeMap<>(others));
  }
}
