package io.twinwright.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AdapterConfigTest {

  @Test
  void defaults_are_hono_ports_and_64_kib() {
    AdapterConfig config = AdapterConfig.defaults();
    assertThat(config.mqttPort()).isEqualTo(1883);
    assertThat(config.httpPort()).isEqualTo(8081);
    assertThat(config.maxPayloadBytes()).isEqualTo(65536);
  }

  @Test
  void port_zero_is_allowed_and_out_of_range_ports_are_not() {
    assertThat(AdapterConfig.defaults().withPorts(0, 0).mqttPort()).isZero();
    assertThatThrownBy(() -> AdapterConfig.defaults().withPorts(70000, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mqttPort");
  }

  @Test
  void rejects_too_few_hash_iterations() {
    assertThatThrownBy(() -> AdapterConfig.defaults().withPasswordHashIterations(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passwordHashIterations");
  }

  @Test
  void commands_wait_a_day_and_ttd_is_capped_at_a_minute_by_default() {
    AdapterConfig config = AdapterConfig.defaults();
    assertThat(config.commandTtl()).isEqualTo(java.time.Duration.ofHours(24));
    assertThat(config.maxTtd()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThatThrownBy(
            () -> config.withCommands(java.time.Duration.ZERO, java.time.Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("commandTtl");
  }
}
