package io.twinwright.bench.mqtt;

import java.util.List;
import java.util.Objects;

/**
 * What a ramp-up achieved.
 *
 * @param connected the devices whose connection was accepted, in the order they were requested
 * @param failed connections refused, failed or still pending when the ramp-up timed out
 * @param failures the first few failure messages
 * @param seconds how long the ramp-up took
 */
public record ConnectOutcome(
    List<BenchDevice> connected, int failed, List<String> failures, double seconds) {
  public ConnectOutcome {
    connected = List.copyOf(Objects.requireNonNull(connected, "connected"));
    failures = List.copyOf(Objects.requireNonNull(failures, "failures"));
    if (failed < 0 || seconds < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }
}
