package io.twinwright.rules.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;

class NeighbourRulesTest {
  private static final Duration STEP = Duration.ofMinutes(1);
  private static KieBase pack;
  private final MaintenanceActions actions = new MaintenanceActions();
  private final Random noise = new Random(11);
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

  private void mount(String asset, String... things) {
    for (String thing : things) {
      session.addAssetMember(new AssetMember(thing, asset));
    }
  }

  /** One round of readings: each sensor reads the common value plus its offset and noise. */
  private void round(double common, String[] things, double[] offsets) {
    var at = Pack.at(STEP, index++);
    for (int i = 0; i < things.length; i++) {
      double value = common + offsets[i] + 0.1 * noise.nextGaussian();
      session.reading(things[i], Pack.MODEL, "temperature", "value", value, at);
    }
  }

  @Test
  void a_sensor_reading_apart_from_the_other_sensors_of_its_asset_deviates() {
    String[] things = {"plant:m1-a", "plant:m1-b", "plant:m1-c", "plant:m1-d"};
    mount("motor-1", things);
    double[] offsets = {0, 0.3, -0.2, 0};
    for (int i = 0; i < 60; i++) {
      round(40.0, things, offsets);
    }
    assertThat(actions.raised()).isEmpty();

    offsets[3] = 3.5; // the fourth sensor's mounting came loose: it reads warmer from now on
    for (int i = 0; i < 200; i++) {
      round(40.0, things, offsets);
    }

    assertThat(actions.raised("sensor-deviates"))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.thingId()).isEqualTo("plant:m1-d");
              assertThat(alert.code()).isEqualTo("sensor-deviates:temperature");
              assertThat(alert.findings())
                  .containsEntry("asset", "motor-1")
                  .containsEntry("sensors", "4");
            });
  }

  @Test
  void a_slowly_moving_but_correlated_group_is_not_an_outlier() {
    String[] things = {"plant:m2-a", "plant:m2-b", "plant:m2-c"};
    mount("motor-2", things);
    double[] offsets = {0, 0.5, -0.5};
    for (int i = 0; i < 1_000; i++) {
      round(40.0 + 0.02 * i, things, offsets); // warms by 20 degrees together
    }

    assertThat(actions.raised("sensor-deviates")).isEmpty();
  }

  @Test
  void sensors_of_different_assets_are_not_compared() {
    String[] things = {"plant:x-a", "plant:x-b", "plant:x-c"};
    mount("motor-3", "plant:x-a", "plant:x-b");
    mount("motor-4", "plant:x-c");
    double[] offsets = {0, 0, 10};
    for (int i = 0; i < 100; i++) {
      round(40.0, things, offsets);
    }

    assertThat(actions.raised("sensor-deviates")).isEmpty();
  }

  @Test
  void the_deviation_clears_when_the_sensor_agrees_again() {
    String[] things = {"plant:m5-a", "plant:m5-b", "plant:m5-c"};
    mount("motor-5", things);
    double[] offsets = {0, 0, 5};
    for (int i = 0; i < 100; i++) {
      round(40.0, things, offsets);
    }
    assertThat(actions.raised("sensor-deviates")).hasSize(1);

    offsets[2] = 0;
    for (int i = 0; i < 300; i++) {
      round(40.0, things, offsets);
    }

    assertThat(actions.cleared()).contains("plant:m5-c sensor-deviates:temperature");
  }
}
