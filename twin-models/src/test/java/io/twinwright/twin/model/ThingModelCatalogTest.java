package io.twinwright.twin.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThingModelCatalogTest {
  @Test
  void bundled_models_carry_units_and_alarm_limits() {
    ThingModelCatalog catalog = ThingModelCatalog.load(Optional.empty());
    ThingModel env = catalog.find("io.twinwright:environment-sensor:1.0.0").orElseThrow();
    assertThat(env.expectedInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(env.properties().get("temperature").highAlarm()).contains(45.0);
    assertThat(env.properties().get("temperature").unit()).isEqualTo("unit:DEG_C");
    assertThat(env.semanticType())
        .as("class from @type, not tm:ThingModel")
        .isEqualTo("tw:EnvironmentSensor");
    assertThat(env.properties().get("humidity").semanticType()).isEqualTo("tw:relativeHumidity");
    ThingModel cold = catalog.find("io.twinwright:cold-room-sensor:1.0.0").orElseThrow();
    assertThat(cold.properties().get("temperature").highAlarm()).contains(8.0);
  }

  @Test
  void a_content_folder_adds_models(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("pump-2.1.0.tm.jsonld"),
        """
        {"title": "Pump", "tw:namespace": "org.example", "version": {"model": "2.1.0"},
         "tw:expectedIntervalSeconds": 10,
         "properties": {"vibration": {"type": "number", "tw:highAlarm": 7.1}}}
        """);
    ThingModelCatalog catalog = ThingModelCatalog.load(Optional.of(dir));
    ThingModel pump = catalog.find("org.example:pump:2.1.0").orElseThrow();
    assertThat(pump.properties().get("vibration").highAlarm()).contains(7.1);
    assertThat(catalog.find("io.twinwright:environment-sensor:1.0.0")).isPresent();
  }
}
