package io.twinwright.rules.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.Severity;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;

class DriftRulesTest {
  private static final Duration STEP = Duration.ofMinutes(10);
  private static KieBase pack;
  private final MaintenanceActions actions = new MaintenanceActions();
  private final Random noise = new Random(42);
  private ReplaySession session;
  private long index;

  @BeforeAll
  static void compile() {
    pack = Pack.compile();
  }

  @BeforeEach
  void open() {
    session = new ReplaySession(pack, actions);
  }

  @AfterEach
  void close() {
    session.close();
  }

  private void report(double value) {
    session.reading("plant:t-1", Pack.MODEL, "temperature", "value", value, Pack.at(STEP, index++));
  }

  @Test
  void a_noisy_but_stable_sensor_never_drifts() {
    for (int i = 0; i < 3_000; i++) {
      report(21.0 + 0.8 * noise.nextGaussian());
    }

    assertThat(actions.raised("sensor-drift")).isEmpty();
  }

  @Test
  void a_slow_ramp_raises_one_sensor_drift_warning_naming_sensor_and_direction() {
    for (int i = 0; i < 200; i++) {
      report(21.0 + 0.2 * noise.nextGaussian());
    }
    // 0.01 per reading: a tenth of the noise per 10 readings, invisible reading by reading
    for (int i = 0; i < 400; i++) {
      report(21.0 + 0.01 * i + 0.2 * noise.nextGaussian());
    }

    assertThat(actions.raised("sensor-drift"))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.code()).isEqualTo("sensor-drift:temperature");
              assertThat(alert.severity()).isEqualTo(Severity.WARNING);
              assertThat(alert.findings()).containsEntry("direction", "up");
              assertThat(Double.parseDouble(alert.findings().get("cusum")))
                  .isGreaterThan(Double.parseDouble(alert.findings().get("cusumLimit")));
            });
  }

  @Test
  void a_drift_alert_clears_once_the_signal_settles_and_the_baseline_catches_up() {
    for (int i = 0; i < 200; i++) {
      report(21.0 + 0.2 * noise.nextGaussian());
    }
    for (int i = 0; i < 300; i++) {
      report(21.0 + 0.01 * i + 0.2 * noise.nextGaussian());
    }
    assertThat(actions.raised("sensor-drift")).hasSize(1);

    for (int i = 0; i < 400; i++) {
      report(24.0 + 0.2 * noise.nextGaussian());
    }

    assertThat(actions.cleared()).contains("plant:t-1 sensor-drift:temperature");
  }

  @Test
  void nothing_is_judged_during_the_warm_up() {
    for (int i = 0; i < MaintenancePolicy.defaults().baseline().warmupReadings(); i++) {
      report(i % 2 == 0 ? 0 : 100);
    }

    assertThat(actions.raised()).isEmpty();
    assertThat(session.facts(SensorBaseline.class).get(0).isWarm()).isTrue();
  }
}
