package io.twinwright.rules.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;

class PredictedFailureRulesTest {
  private static final Duration STEP = Duration.ofHours(6);
  private static KieBase pack;
  private final MaintenanceActions actions = new MaintenanceActions();
  private final Random noise = new Random(9);
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

  private void report(double index) {
    session.reading(
        "plant:gearbox-1", Pack.MODEL, "health", "index", index, Pack.at(STEP, this.index++));
  }

  @Test
  void a_health_index_heading_for_failure_within_the_horizon_opens_one_work_order() {
    // 0.02 per day (4 readings) from 0.5: failure at 1.0 in 25 days, within 7 days after day 18
    for (int i = 0; i < 4 * 22; i++) {
      report(0.5 + 0.005 * i + 0.01 * noise.nextGaussian());
    }

    assertThat(actions.workOrders())
        .singleElement()
        .satisfies(
            order -> {
              assertThat(order.code()).isEqualTo("predicted-failure");
              assertThat(order.thingId()).isEqualTo("plant:gearbox-1");
              double days = Double.parseDouble(order.findings().get("remainingUsefulLifeDays"));
              assertThat(days).isBetween(0.0, 7.0);
            });
  }

  @Test
  void a_stable_health_index_opens_no_work_order() {
    for (int i = 0; i < 4 * 60; i++) {
      report(0.3 + 0.02 * noise.nextGaussian());
    }

    assertThat(actions.workOrders()).isEmpty();
    assertThat(session.facts(HealthTrend.class).get(0).getRemainingUsefulLifeMillis())
        .isEqualTo(MaintenancePolicy.defaults().health().maxForecast().toMillis());
  }

  @Test
  void a_repaired_asset_ends_the_episode_and_a_new_degradation_opens_a_new_order() {
    for (int i = 0; i < 4 * 22; i++) {
      report(0.5 + 0.005 * i);
    }
    for (int i = 0; i < 4 * 10; i++) {
      report(0.1); // repaired: the index drops and stays
    }
    assertThat(session.facts(FailurePredicted.class)).isEmpty();

    for (int i = 0; i < 4 * 40; i++) {
      report(0.1 + 0.006 * i); // wears out again, from the repaired level
    }

    assertThat(actions.workOrders()).hasSize(2);
  }
}
