package io.twinwright.rules.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.Severity;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kie.api.KieBase;

class VibrationRulesTest {
  private static final Duration STEP = Duration.ofMinutes(1);
  private static final String LARGE_PUMP = "acme:large-pump:1";
  private static KieBase pack;
  private final MaintenanceActions actions = new MaintenanceActions();
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

  private void report(String model, double velocity) {
    session.reading(
        "plant:pump-1", model, "vibration", "velocity", velocity, Pack.at(STEP, index++));
  }

  @Test
  void zones_a_and_b_are_quiet() {
    report(Pack.MODEL, 0.8);
    report(Pack.MODEL, 2.7);

    assertThat(actions.raised()).isEmpty();
  }

  @Test
  void zone_c_raises_a_vibration_warning_with_zone_and_limit() {
    report(Pack.MODEL, 3.1);

    assertThat(actions.raised("vibration"))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.severity()).isEqualTo(Severity.WARNING);
              assertThat(alert.findings())
                  .containsEntry("zone", "C")
                  .containsEntry("zoneLimit", "2.8")
                  .containsEntry("velocity", "3.1");
            });
  }

  @Test
  void zone_d_escalates_to_critical_and_back_to_warning_without_clearing() {
    report(Pack.MODEL, 3.1);
    report(Pack.MODEL, 3.3);
    report(Pack.MODEL, 6.0);
    report(Pack.MODEL, 3.5);

    assertThat(actions.raised("vibration"))
        .extracting(AlertRequest::severity)
        .containsExactly(Severity.WARNING, Severity.CRITICAL, Severity.WARNING);
    assertThat(actions.cleared()).isEmpty();
  }

  @Test
  void the_vibration_alert_clears_back_in_zone_b() {
    report(Pack.MODEL, 6.0);
    report(Pack.MODEL, 2.0);

    assertThat(actions.cleared()).containsExactly("plant:pump-1 vibration");
  }

  @Test
  void a_machine_class_with_wider_zones_tolerates_what_the_default_class_does_not() {
    session.setPolicy(
        MaintenancePolicy.defaults()
            .forModel(LARGE_PUMP)
            .withVibration(new MaintenancePolicy.VibrationZones(2.3, 4.5, 7.1)));
    report(LARGE_PUMP, 4.0);
    assertThat(actions.raised()).isEmpty();

    report(LARGE_PUMP, 7.5);
    assertThat(actions.raised("vibration"))
        .singleElement()
        .satisfies(alert -> assertThat(alert.severity()).isEqualTo(Severity.CRITICAL));
  }
}
