package io.twinwright.rules;

import static io.twinwright.rules.Twins.settle;
import static io.twinwright.rules.Twins.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.MonitoringPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SilenceRulesTest {
  private static final String SENSOR = "acme:sensor:1";

  private final RecordingActions actions = new RecordingActions();
  private RuleEngine engine;

  @BeforeEach
  void start() {
    engine = new RuleEngine(RulesConfig.defaults(), actions, SessionClockMode.PSEUDO);
    // reports every 10 s; with the default factor 3 it is silent after 30 s
    engine.defineModel(new ModelLimits(SENSOR, Duration.ofSeconds(10), Map.of()));
    engine.defineModel(new ModelLimits("acme:switch:1", Duration.ZERO, Map.of()));
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private void advance(Duration duration) {
    engine.advanceTime(duration);
    settle(engine);
  }

  private void seen(String thingId) {
    engine.onTwinEvent(temperature(thingId, SENSOR, 21.0, engine.now()));
    settle(engine);
  }

  @Test
  void raises_device_silent_after_expected_interval_times_factor_and_not_before() {
    engine.registerTwin("site:sensor-1", SENSOR);

    advance(Duration.ofSeconds(30));
    assertThat(actions.raised("device-silent")).isEmpty();

    advance(Duration.ofSeconds(1));
    assertThat(actions.raised("device-silent"))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.thingId()).isEqualTo("site:sensor-1");
              assertThat(alert.severity()).isEqualTo(Severity.WARNING);
              assertThat(alert.findings()).containsEntry("allowedSilenceMillis", "30000");
            });

    advance(Duration.ofMinutes(5));
    assertThat(actions.raised("device-silent")).hasSize(1);
  }

  @Test
  void a_device_reporting_within_the_interval_is_never_silent() {
    for (int i = 0; i < 10; i++) {
      seen("site:sensor-1");
      advance(Duration.ofSeconds(25));
    }

    assertThat(actions.raised("device-silent")).isEmpty();
  }

  @Test
  void clears_device_silent_when_the_device_is_seen_again() {
    engine.registerTwin("site:sensor-1", SENSOR);
    advance(Duration.ofSeconds(31));
    assertThat(actions.raised("device-silent")).hasSize(1);

    seen("site:sensor-1");
    assertThat(actions.cleared("device-silent")).containsExactly("site:sensor-1");

    advance(Duration.ofSeconds(31));
    assertThat(actions.raised("device-silent")).hasSize(2);
  }

  @Test
  void takes_the_silence_factor_from_the_monitoring_policy() {
    engine.setMonitoringPolicy(new MonitoringPolicy(1.5, 1.0));
    engine.registerTwin("site:sensor-1", SENSOR);

    advance(Duration.ofSeconds(14));
    assertThat(actions.raised("device-silent")).isEmpty();
    advance(Duration.ofSeconds(2));
    assertThat(actions.raised("device-silent")).hasSize(1);
  }

  @Test
  void a_twin_registered_with_an_old_last_seen_is_silent_at_the_next_tick() {
    advance(Duration.ofHours(1));
    engine.registerTwin("site:sensor-1", SENSOR, engine.now().minusSeconds(120));
    advance(Duration.ofMillis(1));

    assertThat(actions.raised("device-silent")).hasSize(1);
  }

  @Test
  void devices_of_a_model_without_an_expected_interval_are_never_silent() {
    engine.registerTwin("site:switch-1", "acme:switch:1");
    advance(Duration.ofDays(1));

    assertThat(actions.raised("device-silent")).isEmpty();
  }
}
