package io.twinwright.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformConfigTest {
  @Test
  void defaults_are_the_documented_ports() {
    PlatformConfig c = PlatformConfig.resolve(Optional.empty(), Map.of(), Map.of());
    assertThat(c.mqttPort()).isEqualTo(1883);
    assertThat(c.httpPort()).isEqualTo(8081);
    assertThat(c.apiPort()).isEqualTo(8080);
    assertThat(c.mongoUri()).isEmpty();
    assertThat(c.authFailureWindow()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void file_then_environment_then_options_take_precedence(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tw.properties");
    Files.writeString(file, "mqtt-port=1000\nhttp-port=2000\napi-port=3000\n");
    PlatformConfig c =
        PlatformConfig.resolve(
            Optional.of(file),
            Map.of("TWINWRIGHT_HTTP_PORT", "2001", "TWINWRIGHT_API_PORT", "3001"),
            Map.of(ConfigKey.API_PORT, "3002"));
    assertThat(c.mqttPort()).isEqualTo(1000);
    assertThat(c.httpPort()).isEqualTo(2001);
    assertThat(c.apiPort()).isEqualTo(3002);
  }

  @Test
  void invalid_values_are_refused_naming_the_key() {
    assertThatThrownBy(
            () ->
                PlatformConfig.resolve(
                    Optional.empty(), Map.of("TWINWRIGHT_MQTT_PORT", "eighty"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mqtt-port")
        .hasMessageContaining("TWINWRIGHT_MQTT_PORT");
    assertThatThrownBy(
            () ->
                PlatformConfig.resolve(
                    Optional.empty(), Map.of(), Map.of(ConfigKey.AUTH_FAILURE_WINDOW, "60")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(
            () ->
                PlatformConfig.resolve(
                    Optional.empty(), Map.of(), Map.of(ConfigKey.API_PORT, "70000")))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void unknown_keys_in_a_file_are_refused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tw.properties");
    Files.writeString(file, "mqtt-prot=1000\n");
    assertThatThrownBy(() -> PlatformConfig.resolve(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mqtt-prot");
  }
}
