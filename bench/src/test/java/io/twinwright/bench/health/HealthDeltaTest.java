package io.twinwright.bench.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HealthDeltaTest {
  @Test
  void flattens_numeric_fields_and_recognises_the_twin_update_counter() {
    HealthSnapshot before =
        HealthSnapshot.parse(
            0, "{\"status\":\"UP\",\"mqtt\":{\"connections\":10},\"twins\":{\"updates\":100}}");
    HealthSnapshot after =
        HealthSnapshot.parse(
            2_000_000_000L,
            "{\"status\":\"UP\",\"mqtt\":{\"connections\":12},\"twins\":{\"updates\":5100}}");

    HealthDelta delta = HealthDelta.between(before, after);

    assertThat(after.counters()).containsKeys("mqtt.connections", "twins.updates");
    assertThat(delta.deltas()).containsEntry("twins.updates", 5_000.0);
    assertThat(delta.twinUpdateCounter()).contains("twins.updates");
    assertThat(delta.twinUpdatesPerSecond().getAsDouble()).isEqualTo(2_500.0);
    assertThat(delta.ratesPerSecond()).containsEntry("mqtt.connections", 1.0);
  }

  @Test
  void a_body_that_is_not_json_has_no_counters() {
    HealthSnapshot snapshot = HealthSnapshot.parse(0, "OK");

    assertThat(snapshot.counters()).isEmpty();
    assertThat(HealthDelta.between(snapshot, snapshot).twinUpdatesPerSecond()).isEmpty();
  }
}
