package io.twinwright.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadConfigTest {
  private static LoadConfig parse(String... args) {
    MqttLoadCommand command = new MqttLoadCommand();
    new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return command.toConfig();
  }

  @Test
  void command_line_defaults_are_the_config_defaults() {
    assertThat(parse()).isEqualTo(LoadConfig.DEFAULTS);
  }

  @Test
  void reads_the_documented_options() {
    LoadConfig config =
        parse(
            "--devices",
            "10000",
            "--rate",
            "5000",
            "--duration",
            "30s",
            "--warmup",
            "500ms",
            "--channel",
            "event",
            "--no-provision",
            "--sample",
            "50");

    assertThat(config.devices()).isEqualTo(10_000);
    assertThat(config.rate()).isEqualTo(5_000);
    assertThat(config.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.warmup()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.channel()).isEqualTo(PublishChannel.EVENT);
    assertThat(config.qos()).as("events default to QoS 1").isEqualTo(1);
    assertThat(config.provision()).isFalse();
    assertThat(config.sampledDevices()).isEqualTo(50);
  }

  @Test
  void device_ids_are_zero_padded_to_the_fleet_size() {
    assertThat(LoadConfig.DEFAULTS.deviceId(7)).isEqualTo("bench-0007");
    assertThat(parse("--devices", "20000").deviceId(42)).isEqualTo("bench-00042");
    assertThat(LoadConfig.DEFAULTS.thingId("bench-0007")).isEqualTo("bench:bench-0007");
    assertThat(LoadConfig.DEFAULTS.mqttUsername("bench-0007")).isEqualTo("bench-0007@bench");
  }

  @Test
  void provisioning_is_on_unless_switched_off() {
    assertThat(parse().provision()).isTrue();
    assertThat(parse("--provision").provision()).isTrue();
    assertThat(parse("--no-provision").provision()).isFalse();
  }

  @Test
  void sample_never_exceeds_the_fleet() {
    assertThat(parse("--devices", "20").sampledDevices()).isEqualTo(20);
  }

  @Test
  void rejects_events_at_qos_0_and_unsafe_tenants() {
    assertThatThrownBy(() -> parse("--channel", "event", "--qos", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("QoS 1");
    assertThatThrownBy(() -> parse("--tenant", "a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant");
  }

  @Test
  void reads_durations_as_operators_type_them() {
    assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1_500));
    assertThat(DurationConverter.parse("45")).isEqualTo(Duration.ofSeconds(45));
    assertThat(DurationConverter.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> DurationConverter.parse("soon"))
        .isInstanceOf(CommandLine.TypeConversionException.class);
  }
}
