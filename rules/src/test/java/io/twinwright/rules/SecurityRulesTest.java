package io.twinwright.rules;

import static io.twinwright.rules.Twins.settle;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.facts.FirmwareAllowList;
import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One group per security finding rule, and the decision rules they feed; pseudo clock. */
class SecurityRulesTest {
  private static final String CAMERA = "acme:camera:1";
  private static final DeviceId CAM = DeviceId.of("site", "cam-1");
  private static final DeviceId OTHER = DeviceId.of("site", "cam-2");
  private static final String GOOD = "aa".repeat(32);
  private static final String BAD = "bb".repeat(32);

  private final RecordingActions actions = new RecordingActions();
  private RuleEngine engine;

  @BeforeEach
  void start() {
    engine = new RuleEngine(RulesConfig.defaults(), actions, SessionClockMode.PSEUDO);
    engine.defineModel(new ModelLimits(CAMERA, Duration.ZERO, Map.of()));
    engine.setSecurityPolicy(
        new SecurityPolicy(3, Duration.ofMinutes(1))
            .withFlooding(4, Duration.ofSeconds(10))
            .withCredentialOverlap(Duration.ofSeconds(5)));
    engine.registerTwin(CAM.thingId(), CAMERA);
    engine.registerTwin(OTHER.thingId(), CAMERA);
    settle(engine);
  }

  @AfterEach
  void stop() {
    engine.close();
  }

  private void report(DeviceId device) {
    engine.onTwinEvent(
        Twins.change(
            device.thingId(), CAMERA, engine.now(), new PropertyUpdate("light", "lux", 3)));
  }

  private void advance(Duration by) {
    engine.advanceTime(by);
    settle(engine);
  }

  @Test
  void more_messages_than_the_limit_within_the_window_quarantine_and_alert() {
    for (int i = 0; i < 5; i++) {
      report(CAM);
      advance(Duration.ofSeconds(1));
    }

    assertThat(actions.quarantined())
        .singleElement()
        .satisfies(q -> assertThat(q.reason()).isEqualTo("more than 4 messages within 10.0 s"));
    assertThat(actions.raised("message-flooding"))
        .singleElement()
        .satisfies(a -> assertThat(a.findings()).containsEntry("messages", "5"));
  }

  @Test
  void the_limit_spread_over_more_than_the_window_is_quiet() {
    for (int i = 0; i < 20; i++) {
      report(CAM);
      advance(Duration.ofMillis(2500));
    }

    assertThat(actions.quarantined()).isEmpty();
    assertThat(actions.raised("message-flooding")).isEmpty();
  }

  @Test
  void a_hash_off_the_allow_list_quarantines_and_alerts() {
    engine.setFirmwareAllowList(new FirmwareAllowList(CAMERA, Set.of(GOOD)));
    engine.onFirmwareReport(CAM, "2.0-x", BAD, engine.now());
    settle(engine);

    assertThat(actions.quarantined())
        .extracting(RecordingActions.Quarantined::thingId)
        .containsExactly("site:cam-1");
    assertThat(actions.raised("firmware-not-allowed"))
        .singleElement()
        .satisfies(a -> assertThat(a.findings()).containsEntry("sha256", BAD));
  }

  @Test
  void an_allowed_hash_in_any_case_and_a_model_without_a_list_are_quiet() {
    engine.setFirmwareAllowList(new FirmwareAllowList(CAMERA, Set.of(GOOD)));
    engine.onFirmwareReport(CAM, "2.0", GOOD.toUpperCase(), engine.now());
    engine.defineModel(new ModelLimits("acme:lamp:1", Duration.ZERO, Map.of()));
    engine.registerTwin("site:lamp-1", "acme:lamp:1");
    engine.onFirmwareReport(DeviceId.of("site", "lamp-1"), "0.1", BAD, engine.now());
    settle(engine);

    assertThat(actions.quarantined()).isEmpty();
  }

  @Test
  void a_decommissioned_device_that_reports_or_connects_is_quarantined() {
    engine.onDecommissioned(CAM);
    engine.onDecommissioned(OTHER);
    advance(Duration.ofSeconds(5));
    report(CAM);
    engine.onConnectivity(OTHER, true, "192.0.2.9", "cam-2", engine.now());
    settle(engine);

    assertThat(actions.quarantined())
        .extracting(RecordingActions.Quarantined::thingId)
        .containsExactlyInAnyOrder("site:cam-1", "site:cam-2");
    assertThat(actions.raised("decommissioned-device-active")).hasSize(2);
  }

  @Test
  void a_device_in_service_or_recommissioned_is_quiet() {
    report(OTHER);
    engine.onDecommissioned(CAM);
    engine.onRecommissioned(CAM);
    advance(Duration.ofSeconds(5));
    report(CAM);
    settle(engine);

    assertThat(actions.quarantined()).isEmpty();
  }

  @Test
  void one_credential_connected_from_two_addresses_past_the_overlap_is_quarantined() {
    engine.onConnectivity(CAM, true, "192.0.2.1", "cam-1", engine.now());
    advance(Duration.ofSeconds(1));
    engine.onConnectivity(CAM, true, "198.51.100.2", "cam-1", engine.now());
    advance(Duration.ofSeconds(4));
    assertThat(actions.quarantined()).isEmpty();

    advance(Duration.ofSeconds(1));
    assertThat(actions.quarantined()).hasSize(1);
    assertThat(actions.raised("credential-shared"))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.findings())
                    .containsEntry("authId", "cam-1")
                    .containsEntry("addresses", "192.0.2.1,198.51.100.2"));
  }

  @Test
  void a_device_moving_to_a_new_address_or_reconnecting_from_the_same_one_is_quiet() {
    engine.onConnectivity(CAM, true, "192.0.2.1", "cam-1", engine.now());
    engine.onConnectivity(CAM, true, "192.0.2.1", "cam-1", engine.now());
    advance(Duration.ofSeconds(1));
    engine.onConnectivity(CAM, true, "198.51.100.2", "cam-1", engine.now());
    advance(Duration.ofSeconds(2));
    engine.onConnectivity(CAM, false, "192.0.2.1", "cam-1", engine.now());
    engine.onConnectivity(CAM, false, "192.0.2.1", "cam-1", engine.now());
    advance(Duration.ofMinutes(1));

    assertThat(actions.quarantined()).isEmpty();
    assertThat(engine.processedCount()).isEqualTo(5);
  }

  @Test
  void findings_of_several_kinds_quarantine_once_with_every_finding_as_the_reason() {
    for (int i = 0; i < 4; i++) {
      report(CAM);
      advance(Duration.ofSeconds(1));
    }
    engine.onDecommissioned(CAM);
    advance(Duration.ofSeconds(1));
    // one report is both the fifth message within 10 s and a decommissioned device talking
    report(CAM);
    settle(engine);

    assertThat(actions.quarantined())
        .singleElement()
        .satisfies(
            q ->
                assertThat(q.reason())
                    .isEqualTo(
                        "decommissioned device reported a value at 1970-01-01T00:00:05Z; "
                            + "more than 4 messages within 10.0 s"));
    assertThat(actions.raised("message-flooding")).hasSize(1);
    assertThat(actions.raised("decommissioned-device-active")).hasSize(1);

    // a later finding of a new kind alerts, but does not quarantine again
    engine.setFirmwareAllowList(new FirmwareAllowList(CAMERA, Set.of(GOOD)));
    engine.onFirmwareReport(CAM, "6.6.6", BAD, engine.now());
    settle(engine);
    assertThat(actions.raised("firmware-not-allowed")).hasSize(1);
    assertThat(actions.quarantined()).hasSize(1);
  }

  @Test
  void a_release_clears_the_security_alerts_and_a_new_finding_quarantines_again() {
    engine.setFirmwareAllowList(new FirmwareAllowList(CAMERA, Set.of(GOOD)));
    engine.onFirmwareReport(CAM, "6.6.6", BAD, engine.now());
    settle(engine);
    engine.onQuarantineReleased(CAM.thingId());
    settle(engine);

    assertThat(actions.cleared("firmware-not-allowed")).containsExactly("site:cam-1");
    assertThat(actions.quarantined()).hasSize(1);

    engine.onFirmwareReport(CAM, "6.6.6", BAD, engine.now());
    settle(engine);
    assertThat(actions.quarantined()).hasSize(2);
    assertThat(actions.raised("firmware-not-allowed")).hasSize(2);
  }
}
