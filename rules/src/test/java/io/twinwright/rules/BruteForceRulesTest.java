package io.twinwright.rules;

import static io.twinwright.rules.Twins.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.twin.DeviceId;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BruteForceRulesTest {
  private static final DeviceId GATE = DeviceId.of("site", "gate-1");
  private static final DeviceId DOOR = DeviceId.of("site", "door-1");

  private final RecordingActions actions = new RecordingActions();
  private RuleEngine engine;

  @BeforeEach
  void start() {
    engine = new RuleEngine(RulesConfig.defaults(), actions, SessionClockMode.PSEUDO);
    engine.setSecurityPolicy(new SecurityPolicy(3, Duration.ofSeconds(60)));
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  /** A failure now, then the clock moves on. */
  private void failAndWait(DeviceId device, Duration then) {
    engine.onAuthFailure(device, engine.now(), "192.0.2.7");
    engine.advanceTime(then);
    settle(engine);
  }

  @Test
  void one_failure_fewer_than_the_policy_maximum_does_nothing() {
    failAndWait(GATE, Duration.ofSeconds(10));
    failAndWait(GATE, Duration.ofSeconds(10));

    assertThat(actions.quarantined()).isEmpty();
    assertThat(actions.raised("auth-brute-force")).isEmpty();
  }

  @Test
  void the_policy_maximum_within_the_window_quarantines_and_alerts_exactly_once() {
    failAndWait(GATE, Duration.ofSeconds(10));
    failAndWait(GATE, Duration.ofSeconds(10));
    failAndWait(GATE, Duration.ofSeconds(10));

    assertThat(actions.quarantined())
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.thingId()).isEqualTo("site:gate-1");
              assertThat(q.reason()).contains("3 authentication failures");
            });
    assertThat(actions.raised("auth-brute-force"))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(alert.findings())
                  .containsEntry("failures", "3")
                  .containsEntry("lastRemoteAddress", "192.0.2.7");
            });

    for (int i = 0; i < 5; i++) {
      failAndWait(GATE, Duration.ofSeconds(1));
    }
    assertThat(actions.quarantined()).hasSize(1);
    assertThat(actions.raised("auth-brute-force")).hasSize(1);
  }

  @Test
  void failures_submitted_together_quarantine_once() {
    for (int i = 0; i < 10; i++) {
      engine.onAuthFailure(GATE, engine.now(), "192.0.2.7");
    }
    settle(engine);

    assertThat(actions.quarantined()).hasSize(1);
  }

  @Test
  void failures_spread_wider_than_the_window_do_nothing() {
    for (int i = 0; i < 6; i++) {
      failAndWait(GATE, Duration.ofSeconds(40));
    }

    assertThat(actions.quarantined()).isEmpty();
    assertThat(actions.raised("auth-brute-force")).isEmpty();
  }

  @Test
  void failures_reported_together_count_by_when_they_happened() {
    // buffered reports: five failures 40 s apart, never three within the 60 s window
    for (int i = 0; i < 5; i++) {
      engine.onAuthFailure(GATE, engine.now().plusSeconds(40L * i), "192.0.2.7");
    }
    settle(engine);
    assertThat(actions.quarantined()).isEmpty();

    engine.onAuthFailure(GATE, engine.now().plusSeconds(170), "192.0.2.7");
    settle(engine);
    assertThat(actions.quarantined()).hasSize(1);
  }

  @Test
  void failures_of_different_devices_are_counted_separately() {
    failAndWait(GATE, Duration.ofSeconds(1));
    failAndWait(DOOR, Duration.ofSeconds(1));
    failAndWait(GATE, Duration.ofSeconds(1));
    failAndWait(DOOR, Duration.ofSeconds(1));
    assertThat(actions.quarantined()).isEmpty();

    failAndWait(GATE, Duration.ofSeconds(1));
    assertThat(actions.quarantined())
        .extracting(RecordingActions.Quarantined::thingId)
        .containsExactly("site:gate-1");
  }

  @Test
  void a_released_device_is_quarantined_again_by_a_new_attack() {
    for (int i = 0; i < 3; i++) {
      failAndWait(GATE, Duration.ofSeconds(1));
    }
    engine.onQuarantineReleased("site:gate-1");
    settle(engine);
    failAndWait(GATE, Duration.ofSeconds(1));
    failAndWait(GATE, Duration.ofSeconds(1));
    assertThat(actions.quarantined()).hasSize(1);

    failAndWait(GATE, Duration.ofSeconds(1));
    assertThat(actions.quarantined()).hasSize(2);
  }

  @Test
  void takes_the_maximum_and_window_from_the_security_policy() {
    engine.setSecurityPolicy(new SecurityPolicy(2, Duration.ofSeconds(5)));
    failAndWait(GATE, Duration.ofSeconds(6));
    failAndWait(GATE, Duration.ofSeconds(1));
    assertThat(actions.quarantined()).isEmpty();

    failAndWait(GATE, Duration.ofSeconds(1));
    assertThat(actions.quarantined()).hasSize(1);
  }
}
