package io.twinwright.rules.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;

class StuckRulesTest {
  private static final Duration STEP = Duration.ofMinutes(5);
  private static KieBase pack;
  private final MaintenanceActions actions = new MaintenanceActions();
  private final Random noise = new Random(3);
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
    session.reading("plant:h-1", Pack.MODEL, "humidity", "value", value, Pack.at(STEP, index++));
  }

  private void vary(int readings) {
    for (int i = 0; i < readings; i++) {
      report(45.0 + noise.nextGaussian());
    }
  }

  @Test
  void a_sensor_that_varied_and_then_repeats_one_value_is_stuck() {
    vary(100);
    // default: 30 readings over at least 2 h; 30 readings 5 min apart span 145 min
    for (int i = 0; i < 30; i++) {
      report(44.2);
    }

    assertThat(actions.raised("sensor-stuck"))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.code()).isEqualTo("sensor-stuck:humidity");
              assertThat(alert.findings()).containsEntry("value", "44.2");
            });
  }

  @Test
  void one_reading_short_of_the_policy_is_not_stuck() {
    vary(100);
    for (int i = 0; i < 29; i++) {
      report(44.2);
    }

    assertThat(actions.raised("sensor-stuck")).isEmpty();
  }

  @Test
  void enough_readings_in_too_short_a_time_are_not_stuck() {
    vary(100);
    long last = index;
    for (int i = 0; i < 40; i++) {
      session.reading(
          "plant:h-1", Pack.MODEL, "humidity", "value", 44.2, Pack.at(STEP, last).plusSeconds(i));
    }

    assertThat(actions.raised("sensor-stuck")).isEmpty();
  }

  @Test
  void a_signal_that_never_varied_is_flat_not_stuck() {
    for (int i = 0; i < 200; i++) {
      report(0.0);
    }

    assertThat(actions.raised()).isEmpty();
  }

  @Test
  void the_stuck_alert_clears_when_the_value_moves_again() {
    vary(100);
    for (int i = 0; i < 40; i++) {
      report(44.2);
    }
    report(46.0);

    assertThat(actions.cleared()).containsExactly("plant:h-1 sensor-stuck:humidity");
  }
}
