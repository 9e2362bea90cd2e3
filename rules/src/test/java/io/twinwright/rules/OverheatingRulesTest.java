package io.twinwright.rules;

import static io.twinwright.rules.Twins.settle;
import static io.twinwright.rules.Twins.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.facts.ModelLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OverheatingRulesTest {
  private static final String BOILER = "acme:boiler:1";
  private static final String FRIDGE = "acme:fridge:1";

  private final RecordingActions actions = new RecordingActions();
  private RuleEngine engine;

  @BeforeEach
  void start() {
    engine = new RuleEngine(RulesConfig.defaults(), actions, SessionClockMode.PSEUDO);
    engine.defineModel(
        new ModelLimits(BOILER, Duration.ofSeconds(10), Map.of("temperature", 80.0)));
    engine.defineModel(new ModelLimits(FRIDGE, Duration.ofSeconds(10), Map.of("temperature", 8.0)));
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private void report(String thingId, String model, double value) {
    engine.onTwinEvent(temperature(thingId, model, value, engine.now()));
    settle(engine);
  }

  @Test
  void raises_critical_overheating_above_the_models_high_alarm_with_value_and_threshold() {
    report("plant:boiler-1", BOILER, 85.5);

    assertThat(actions.raised("overheating"))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.thingId()).isEqualTo("plant:boiler-1");
              assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(alert.findings())
                  .containsEntry("value", "85.5")
                  .containsEntry("threshold", "80.0");
            });
  }

  @Test
  void the_same_temperature_overheats_a_model_with_a_lower_high_alarm_only() {
    report("plant:boiler-1", BOILER, 20.0);
    report("plant:fridge-1", FRIDGE, 20.0);

    assertThat(actions.raised("overheating"))
        .extracting(AlertRequest::thingId)
        .containsExactly("plant:fridge-1");
  }

  @Test
  void does_not_raise_overheating_at_or_below_the_high_alarm() {
    report("plant:boiler-1", BOILER, 79.0);
    report("plant:boiler-1", BOILER, 80.0);

    assertThat(actions.raised("overheating")).isEmpty();
  }

  @Test
  void raises_overheating_once_for_repeated_hot_readings() {
    report("plant:boiler-1", BOILER, 85.0);
    report("plant:boiler-1", BOILER, 90.0);
    report("plant:boiler-1", BOILER, 95.0);

    assertThat(actions.raised("overheating")).hasSize(1);
  }

  @Test
  void clears_overheating_only_after_cooling_below_threshold_minus_hysteresis() {
    report("plant:boiler-1", BOILER, 85.0);
    report("plant:boiler-1", BOILER, 79.5); // below the alarm, within the default 1.0 band
    assertThat(actions.cleared("overheating")).isEmpty();

    report("plant:boiler-1", BOILER, 78.9);
    assertThat(actions.cleared("overheating")).containsExactly("plant:boiler-1");

    report("plant:boiler-1", BOILER, 85.0);
    assertThat(actions.raised("overheating")).hasSize(2);
  }

  @Test
  void uses_the_models_own_hysteresis_when_it_sets_one() {
    engine.defineModel(
        new ModelLimits(
            BOILER,
            Duration.ofSeconds(10),
            Map.of("temperature", 80.0),
            Map.of("temperature", 5.0)));
    report("plant:boiler-1", BOILER, 85.0);
    report("plant:boiler-1", BOILER, 75.5);
    assertThat(actions.cleared("overheating")).isEmpty();

    report("plant:boiler-1", BOILER, 74.9);
    assertThat(actions.cleared("overheating")).containsExactly("plant:boiler-1");
  }

  @Test
  void limits_defined_after_a_reading_apply_to_the_current_value() {
    report("plant:kiln-1", "acme:kiln:1", 900.0);
    assertThat(actions.raised("overheating")).isEmpty();

    engine.defineModel(
        new ModelLimits("acme:kiln:1", Duration.ofMinutes(1), Map.of("temperature", 850.0)));
    settle(engine);

    assertThat(actions.raised("overheating"))
        .extracting(AlertRequest::thingId)
        .containsExactly("plant:kiln-1");
  }

  @Test
  void ignores_temperatures_of_twins_without_a_model() {
    report("plant:loose-1", "", 1_000.0);

    assertThat(actions.raised("overheating")).isEmpty();
  }

  @Test
  void clears_overheating_when_the_twin_is_deleted() {
    report("plant:boiler-1", BOILER, 85.0);
    engine.onTwinEvent(
        new io.twinwright.twin.TwinEvent(
            io.twinwright.twin.TwinEvent.Kind.DELETED,
            io.twinwright.twin.DeviceId.ofThingId("plant:boiler-1"),
            2,
            engine.now(),
            BOILER,
            java.util.List.of()));
    settle(engine);

    assertThat(actions.cleared("overheating")).containsExactly("plant:boiler-1");
  }
}
