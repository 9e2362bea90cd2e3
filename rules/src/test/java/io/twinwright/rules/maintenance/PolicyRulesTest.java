package io.twinwright.rules.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;

class PolicyRulesTest {
  private static KieBase pack;
  private final MaintenanceActions actions = new MaintenanceActions();
  private ReplaySession session;

  @BeforeAll
  static void compile() {
    pack = Pack.compile();
  }

  @AfterEach
  void close() {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void the_built_in_defaults_apply_when_no_fleet_wide_policy_is_given() {
    session = new ReplaySession(pack, actions);
    session.reading("plant:t-1", Pack.MODEL, "temperature", "value", 20.0, Pack.T0);

    assertThat(session.facts(MaintenancePolicy.class))
        .containsExactly(MaintenancePolicy.defaults());
    assertThat(session.facts(SensorBaseline.class))
        .singleElement()
        .satisfies(b -> assertThat(b.getPolicy()).isEqualTo(MaintenancePolicy.defaults()));
  }

  @Test
  void a_given_fleet_wide_policy_keeps_the_built_in_defaults_out() {
    session = new ReplaySession(pack, actions);
    MaintenancePolicy fleet =
        MaintenancePolicy.defaults().withNeighbours(new MaintenancePolicy.Neighbours(5.0, 3));
    session.setPolicy(fleet);
    session.reading("plant:t-1", Pack.MODEL, "temperature", "value", 20.0, Pack.T0);

    assertThat(session.facts(MaintenancePolicy.class)).containsExactly(fleet);
  }

  @Test
  void a_device_follows_its_models_policy_rather_than_the_fleet_wide_one() {
    session = new ReplaySession(pack, actions);
    MaintenancePolicy own =
        MaintenancePolicy.defaults()
            .forModel(Pack.MODEL)
            .withStuck(new MaintenancePolicy.Stuck(5, Duration.ZERO, 0.01));
    session.setPolicy(own);
    session.reading("plant:t-1", Pack.MODEL, "temperature", "value", 20.0, Pack.T0);
    session.reading("plant:t-2", "other:model:1", "temperature", "value", 20.0, Pack.T0);

    assertThat(session.facts(SensorBaseline.class))
        .extracting(b -> b.getThingId() + " " + b.getPolicy().modelId())
        .containsExactlyInAnyOrder("plant:t-1 " + Pack.MODEL, "plant:t-2 *");
  }

  @Test
  void only_the_policys_signal_features_get_a_baseline() {
    session = new ReplaySession(pack, actions);
    session.reading("plant:t-1", Pack.MODEL, "temperature", "value", 20.0, Pack.T0);
    session.reading("plant:t-1", Pack.MODEL, "door", "openings", 3.0, Pack.T0);

    assertThat(session.facts(SensorBaseline.class))
        .extracting(SensorTracker::getSensor)
        .containsExactly("temperature");
  }

  @Test
  void a_sensor_that_is_gone_loses_its_tracker() {
    session = new ReplaySession(pack, actions);
    session.reading("plant:t-1", Pack.MODEL, "temperature", "value", 20.0, Pack.T0);
    session.removeSensor("plant:t-1", "temperature", "value");

    assertThat(session.facts(SensorTracker.class)).isEmpty();
  }
}
