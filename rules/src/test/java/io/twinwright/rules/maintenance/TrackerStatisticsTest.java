package io.twinwright.rules.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The engine tells the rules only which statistics of a tracker a reading changed: a property left
 * out of a tracker's statistics would never wake the rules that read it.
 */
class TrackerStatisticsTest {
  private static final long T0 = 1_700_000_000_000L;

  /** Set at creation, or changed only by the rules themselves. */
  private static final Set<String> NOT_CHANGED_BY_READINGS =
      Set.of("class", "thingId", "featureId", "path", "sensor", "assignedPolicy");

  @Test
  void every_property_of_every_tracker_is_among_its_statistics() throws IntrospectionException {
    MaintenancePolicy policy = MaintenancePolicy.defaults();
    for (SensorTracker tracker :
        new SensorTracker[] {
          new SensorBaseline("plant:t-1", "temperature", "value", policy),
          new BatteryTrend("plant:t-1", "battery", "level", policy),
          new HealthTrend("plant:t-1", "health", "index", policy)
        }) {
      Set<String> readable = new TreeSet<>();
      for (PropertyDescriptor property :
          Introspector.getBeanInfo(tracker.getClass()).getPropertyDescriptors()) {
        if (property.getReadMethod() != null
            && !NOT_CHANGED_BY_READINGS.contains(property.getName())) {
          readable.add(property.getName());
        }
      }
      assertThat(new TreeSet<>(tracker.statistics().names()))
          .as(tracker.getClass().getSimpleName())
          .isEqualTo(readable);
    }
  }

  @Test
  void a_reading_reports_the_statistics_it_changed_and_an_old_reading_none() {
    SensorBaseline baseline =
        new SensorBaseline("plant:t-1", "temperature", "value", MaintenancePolicy.defaults());

    long first = baseline.absorbReading(20.0, T0);
    long again = baseline.absorbReading(21.0, T0);

    assertThat(changed(baseline, first)).contains("lastAtMillis", "lastValue", "stuckValue");
    assertThat(changed(baseline, first)).doesNotContain("spikes", "lastSpikeAtMillis", "policy");
    assertThat(again).isZero();
    assertThat(baseline.getLastValue()).isEqualTo(20.0);
  }

  @Test
  void a_policy_the_rules_assigned_applies_from_the_next_reading() {
    MaintenancePolicy fleet = MaintenancePolicy.defaults();
    MaintenancePolicy own = fleet.forModel("acme:pump:1");
    SensorBaseline baseline = new SensorBaseline("plant:t-1", "temperature", "value", fleet);

    baseline.setAssignedPolicy(own);
    assertThat(baseline.getPolicy()).isEqualTo(fleet);
    long changed = baseline.absorbReading(20.0, T0);

    assertThat(baseline.getPolicy()).isEqualTo(own);
    assertThat(changed(baseline, changed)).contains("policy");
  }

  private static Set<String> changed(SensorTracker tracker, long bits) {
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < tracker.statistics().names().size(); i++) {
      if ((bits & (1L << i)) != 0) {
        names.add(tracker.statistics().names().get(i));
      }
    }
    return names;
  }
}
