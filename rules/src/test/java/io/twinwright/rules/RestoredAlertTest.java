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

/** Alerts that were open before a restart, told to a fresh engine with restoreAlert. */
class RestoredAlertTest {
  private static final String BOILER = "acme:boiler:1";

  private final RecordingActions actions = new RecordingActions();
  private RuleEngine engine;

  @BeforeEach
  void start() {
    engine = new RuleEngine(RulesConfig.defaults(), actions, SessionClockMode.PSEUDO);
    engine.defineModel(
        new ModelLimits(
            BOILER,
            Duration.ofSeconds(10),
            Map.of("temperature", 80.0),
            Map.of("temperature", 2.0)));
    engine.registerTwin("plant:boiler-1", BOILER);
    engine.restoreAlert("plant:boiler-1", "overheating");
    engine.restoreAlert("plant:boiler-1", "device-silent");
    settle(engine);
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  @Test
  void a_restored_alert_is_not_raised_again_while_its_condition_holds() {
    engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 95.0, engine.now()));
    engine.advanceTime(Duration.ofSeconds(31));
    settle(engine);

    assertThat(actions.raised("overheating")).isEmpty();
    assertThat(actions.raised("device-silent")).isEmpty();
    assertThat(actions.cleared("overheating")).isEmpty();
  }

  @Test
  void a_restored_alert_is_cleared_by_new_evidence_only() {
    engine.advanceTime(Duration.ofSeconds(5));
    settle(engine);
    assertThat(actions.cleared("overheating")).isEmpty();
    assertThat(actions.cleared("device-silent")).isEmpty();

    // 79 is below the alarm but inside the 2-degree band: not yet evidence of a cool boiler
    engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 79.0, engine.now()));
    settle(engine);
    assertThat(actions.cleared("overheating")).isEmpty();
    assertThat(actions.cleared("device-silent")).containsExactly("plant:boiler-1");

    engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 70.0, engine.now()));
    settle(engine);
    assertThat(actions.cleared("overheating")).containsExactly("plant:boiler-1");
  }
}
