package io.twinwright.rules.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;

class BatteryRulesTest {
  private static final Duration STEP = Duration.ofHours(1);
  private static KieBase pack;
  private final MaintenanceActions actions = new MaintenanceActions();
  private final Random noise = new Random(5);
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

  private void report(double level) {
    session.reading("plant:b-1", Pack.MODEL, "battery", "level", level, Pack.at(STEP, index++));
  }

  /** Hourly readings for some days, discharging at a constant rate, with sensor noise. */
  private double discharge(double from, double perDay, int days) {
    double level = from;
    for (int h = 0; h < days * 24; h++) {
      level = from - perDay * h / 24.0;
      report(level + 0.3 * noise.nextGaussian());
    }
    return level;
  }

  @Test
  void a_battery_forecast_to_reach_its_cutoff_within_the_horizon_is_depleting() {
    // 3 %/day from 60 %: the 10 % cutoff is about 16 days away at first, 13 after three days
    discharge(60.0, 3.0, 4);

    assertThat(actions.raised("battery-depleting"))
        .singleElement()
        .satisfies(
            alert -> {
              double days = Double.parseDouble(alert.findings().get("daysToCutoff"));
              double slope = Double.parseDouble(alert.findings().get("slopePerDay"));
              assertThat(days).isBetween(0.0, 14.0);
              assertThat(slope).isCloseTo(-3.0, org.assertj.core.data.Offset.offset(0.3));
            });
  }

  @Test
  void a_slow_discharge_far_from_the_cutoff_is_quiet() {
    discharge(90.0, 0.5, 10); // 160 days to go

    assertThat(actions.raised()).isEmpty();
  }

  @Test
  void a_forecast_needs_the_policys_minimum_span_of_history() {
    discharge(20.0, 10.0, 0); // nothing yet
    for (int h = 0; h < 12; h++) {
      report(20.0 - h); // steep, but only half a day of history
    }

    assertThat(actions.raised()).isEmpty();
  }

  @Test
  void a_new_battery_forgets_the_old_ones_history_and_clears_the_alert() {
    discharge(40.0, 3.0, 3);
    assertThat(actions.raised("battery-depleting")).hasSize(1);

    for (int h = 0; h < 48; h++) {
      report(100.0 + 0.3 * noise.nextGaussian());
    }

    assertThat(actions.cleared()).containsExactly("plant:b-1 battery-depleting");
  }
}
