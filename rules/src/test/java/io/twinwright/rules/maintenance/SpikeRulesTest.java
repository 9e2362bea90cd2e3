package io.twinwright.rules.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;

class SpikeRulesTest {
  private static final Duration STEP = Duration.ofMinutes(1);
  private static KieBase pack;
  private final MaintenanceActions actions = new MaintenanceActions();
  private final Random noise = new Random(7);
  private ReplaySession session;
  private long index;

  @BeforeAll
  static void compile() {
    pack = Pack.compile();
  }

  @BeforeEach
  void open() {
    session = new ReplaySession(pack, actions);
    for (int i = 0; i < 100; i++) {
      report(50.0 + 0.5 * noise.nextGaussian());
    }
  }

  @AfterEach
  void close() {
    session.close();
  }

  private void report(double value) {
    session.reading("plant:p-1", Pack.MODEL, "pressure", "value", value, Pack.at(STEP, index++));
  }

  @Test
  void a_reading_far_beyond_the_baseline_that_returns_is_a_spike() {
    report(80.0);
    assertThat(actions.raised("sensor-spike")).isEmpty(); // not yet known to return

    report(50.1);

    assertThat(actions.raised("sensor-spike"))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.code()).isEqualTo("sensor-spike:pressure");
              assertThat(alert.findings()).containsEntry("value", "80.0");
            });
  }

  @Test
  void a_level_shift_is_not_a_spike() {
    for (int i = 0; i < 50; i++) {
      report(80.0 + 0.5 * noise.nextGaussian());
    }

    assertThat(actions.raised("sensor-spike")).isEmpty();
    assertThat(actions.raised("sensor-drift")).hasSize(1);
  }

  @Test
  void ordinary_noise_is_no_spike() {
    for (int i = 0; i < 2_000; i++) {
      report(50.0 + 0.5 * noise.nextGaussian());
    }

    assertThat(actions.raised("sensor-spike")).isEmpty();
  }

  @Test
  void the_spike_alert_clears_after_the_policys_hold_time() {
    report(80.0);
    report(50.0);
    Duration hold = MaintenancePolicy.defaults().spike().holdFor();

    session.advanceTo(session.now().plus(hold.minusMinutes(5)));
    assertThat(actions.cleared()).isEmpty();

    session.advanceTo(session.now().plus(Duration.ofMinutes(10)));
    assertThat(actions.cleared()).containsExactly("plant:p-1 sensor-spike:pressure");
  }

  @Test
  void a_second_spike_renews_the_finding_without_a_second_alert() {
    report(80.0);
    report(50.0);
    report(20.0);
    report(50.0);

    assertThat(actions.raised("sensor-spike")).hasSize(1);
    assertThat(session.facts(SensorSpike.class))
        .singleElement()
        .satisfies(spike -> assertThat(spike.value()).isEqualTo(20.0));
  }
}
