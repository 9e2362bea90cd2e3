package io.twinwright.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.MonitoringPolicy;
import io.twinwright.rules.facts.SecurityPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValuesTest {

  @Test
  void rules_config_defaults_to_two_partitions_and_a_one_second_tick() {
    RulesConfig config = RulesConfig.defaults();

    assertThat(config.partitions()).isEqualTo(2);
    assertThat(config.tickInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.packDir()).isEmpty();
    assertThat(config.cacheDir()).isEmpty();
  }

  @Test
  void rules_config_rejects_zero_partitions_and_a_zero_tick() {
    assertThatThrownBy(
            () -> new RulesConfig(0, Duration.ofSeconds(1), Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RulesConfig(2, Duration.ZERO, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void model_limits_reject_non_finite_alarms_and_negative_hysteresis() {
    assertThatThrownBy(
            () -> new ModelLimits("m:x:1", Duration.ofSeconds(1), Map.of("t", Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ModelLimits(
                    "m:x:1", Duration.ofSeconds(1), Map.of("t", 1.0), Map.of("t", -1.0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void model_limits_copy_their_maps() {
    Map<String, Double> alarms = new HashMap<>(Map.of("temperature", 80.0));
    ModelLimits limits = new ModelLimits("m:x:1", Duration.ofSeconds(1), alarms);
    alarms.put("temperature", 10.0);

    assertThat(limits.highAlarms()).containsEntry("temperature", 80.0);
    assertThat(limits.hysteresisOf("temperature", 2.5)).isEqualTo(2.5);
  }

  @Test
  void security_policy_rejects_windows_longer_than_failures_are_kept() {
    assertThatThrownBy(() -> new SecurityPolicy(5, SecurityPolicy.MAX_WINDOW.plusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SecurityPolicy(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void monitoring_policy_rejects_a_non_positive_silence_factor() {
    assertThatThrownBy(() -> new MonitoringPolicy(0, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_alert_raised_from_a_request_is_active_and_moves_through_its_states() {
    Instant raisedAt = Instant.parse("2025-01-01T00:00:00Z");
    AlertRequest request =
        new AlertRequest(
            "plant:boiler-1", "overheating", Severity.CRITICAL, "hot", Map.of("value", "85.0"));

    Alert alert = Alert.raised("a-1", request, raisedAt);
    Alert acknowledged = alert.withState(Alert.State.ACKNOWLEDGED, raisedAt.plusSeconds(5));

    assertThat(alert.state()).isEqualTo(Alert.State.ACTIVE);
    assertThat(alert.findings()).containsEntry("value", "85.0");
    assertThat(acknowledged.raisedAt()).isEqualTo(raisedAt);
    assertThat(acknowledged.updatedAt()).isEqualTo(raisedAt.plusSeconds(5));
    assertThatThrownBy(() -> alert.withState(Alert.State.CLEARED, raisedAt.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_alert_request_rejects_a_blank_code() {
    assertThatThrownBy(() -> new AlertRequest("plant:boiler-1", " ", Severity.INFO, "m", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
