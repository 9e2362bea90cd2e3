package io.twinwright.bench.report;

import io.twinwright.bench.health.HealthDelta;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The summary of one {@code mqtt-load} run.
 *
 * @param startedAt when the run started, ISO-8601 UTC
 * @param settings what was asked for
 * @param machine where the generator ran
 * @param provisioning what provisioning did
 * @param connections what the ramp-up achieved
 * @param publishing what was sent in the measured phase
 * @param twins what came back over SSE for the sampled devices
 * @param publishToTwin publish call to SSE arrival of the resulting twin change
 * @param publishToAck publish call to PUBACK; empty for QoS 0
 * @param healthBefore {@code /health} body at the start, if the platform served one
 * @param healthAfter {@code /health} body at the end, if the platform served one
 * @param health how the platform's counters moved while measuring
 */
public record LoadReport(
    String startedAt,
    Settings settings,
    MachineInfo machine,
    Provisioning provisioning,
    Connections connections,
    Publishing publishing,
    Twins twins,
    LatencySummary publishToTwin,
    LatencySummary publishToAck,
    Optional<String> healthBefore,
    Optional<String> healthAfter,
    HealthDelta health) {

  public LoadReport {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(provisioning, "provisioning");
    Objects.requireNonNull(connections, "connections");
    Objects.requireNonNull(publishing, "publishing");
    Objects.requireNonNull(twins, "twins");
    Objects.requireNonNull(publishToTwin, "publishToTwin");
    Objects.requireNonNull(publishToAck, "publishToAck");
    Objects.requireNonNull(healthBefore, "healthBefore");
    Objects.requireNonNull(healthAfter, "healthAfter");
    Objects.requireNonNull(health, "health");
  }

  /** The options of the run, as the report shows them. */
  public record Settings(
      String mqtt,
      String apiUrl,
      String tenant,
      int devices,
      double rate,
      double durationSeconds,
      double warmupSeconds,
      int qos,
      String channel,
      double connectRate,
      int sample) {
    public Settings {
      Objects.requireNonNull(mqtt, "mqtt");
      Objects.requireNonNull(apiUrl, "apiUrl");
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(channel, "channel");
    }
  }

  /**
   * @param performed false with {@code --no-provision}
   */
  public record Provisioning(
      boolean performed, int created, int existing, int failed, List<String> failures) {
    public Provisioning {
      failures = List.copyOf(failures);
    }

    public static Provisioning skipped() {
      return new Provisioning(false, 0, 0, 0, List.of());
    }
  }

  /**
   * @param lost connections the platform dropped during the run
   */
  public record Connections(
      int requested,
      int connected,
      int failed,
      double rampSeconds,
      long lost,
      List<String> failures) {
    public Connections {
      failures = List.copyOf(failures);
    }
  }

  /**
   * @param sent publishes issued in the measured phase
   * @param warmupSent publishes issued during warmup, not measured
   * @param failed publishes (any phase) that could not be sent or were not acknowledged
   * @param acknowledged measured QoS 1 publishes the platform acknowledged; 0 for QoS 0
   * @param seconds length of the measured phase as it actually ran
   * @param ratePerSecond {@code sent / seconds}
   */
  public record Publishing(
      long sent,
      long warmupSent,
      long failed,
      long acknowledged,
      double seconds,
      double ratePerSecond) {}

  /**
   * @param sampledDevices devices followed over SSE
   * @param expected measured publishes to sampled devices, each of which should change a twin
   * @param observed SSE twin updates for sampled devices that arrived after warmup
   * @param matched observed updates traced back to a measured publish (these have a latency)
   * @param ratePerSecond {@code observed} per second of the measured phase
   * @param undecodable SSE events whose data was not JSON
   * @param streamsEndedEarly SSE connections the platform closed during the run
   */
  public record Twins(
      int sampledDevices,
      long expected,
      long observed,
      long matched,
      double ratePerSecond,
      long undecodable,
      long streamsEndedEarly) {}
}
