package io.twinwright.rules.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.AuditEntry;
import io.twinwright.rules.CampaignControlRequest;
import io.twinwright.rules.CampaignControlRequest.Operation;
import io.twinwright.rules.RuleActions;
import io.twinwright.rules.RulesConfig;
import io.twinwright.rules.packs.PackCache;
import io.twinwright.rules.packs.RulePacks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per decision of the bundled campaign pack, with a clock the test moves. */
class CampaignRulesTest {
  private static final String C = "fw-1";

  private final List<CampaignControlRequest> decisions = new ArrayList<>();
  private final List<AuditEntry> audit = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final RuleActions recorder =
      new RuleActions() {
        @Override
        public void raiseAlert(AlertRequest request) {}

        @Override
        public void clearAlert(String thingId, String code) {}

        @Override
        public void quarantine(String thingId, String reason) {}

        @Override
        public void campaignControl(CampaignControlRequest request) {
          decisions.add(request);
        }
      };
  private CampaignRules rules = new CampaignRules(Optional.empty(), recorder, audit::add, now::get);

  @AfterEach
  void close() {
    rules.close();
  }

  private void campaign(CampaignStatus status, int wave, int waves) {
    rules.put("c", new CampaignFact(C, status, wave, waves));
  }

  private void policy(boolean abort, double minBattery, boolean online) {
    rules.put("p", new CampaignPolicy(C, 60_000, abort, true, minBattery, online, true));
  }

  private void window(boolean open) {
    rules.put("w", new WindowState(C, open));
  }

  private void device(String thing, DeviceStatus status, long since) {
    rules.put("d:" + thing, new DeviceRollout(C, thing, 0, status, since));
  }

  private void ready(String thing, double battery, boolean online, boolean quarantined) {
    rules.put("r:" + thing, new DeviceReadiness(thing, battery, false, online, quarantined));
  }

  private List<String> fired(Operation op) {
    return decisions.stream()
        .filter(d -> d.operation() == op)
        .map(d -> d.thingId() + ":" + d.reason())
        .toList();
  }

  private void running() {
    campaign(CampaignStatus.RUNNING, 0, 2);
    policy(true, 30, true);
    window(true);
    rules.put("t0", new WaveThresholds(C, 0, 80, 20, 2));
  }

  /** A running campaign issues the update to a ready device that meets every precondition. */
  private void assertIssuesAReadyDevice() {
    running();
    device("t:a", DeviceStatus.READY, now.get());
    ready("t:a", 80, true, false);
    rules.fire();
    assertThat(fired(Operation.ISSUE_DEVICE)).hasSize(1).first().asString().startsWith("t:a");
    assertThat(audit).anyMatch(e -> e.rule().contains("issued the update"));
  }

  @Test
  void issues_a_ready_device_that_meets_every_precondition() {
    assertIssuesAReadyDevice();
  }

  @Test
  void the_pack_read_from_the_cache_issues_a_ready_device_as_the_compiled_one(@TempDir Path cache)
      throws Exception {
    RulesConfig config = RulesConfig.defaults().withCacheDir(cache);
    rules.close();
    rules = new CampaignRules(config, recorder, audit::add, now::get);
    rules.close();
    Path file =
        new PackCache(cache).fileOf(PackCache.key(RulePacks.campaignSources(Optional.empty())));
    Object written = Files.readAttributes(file, "unix:ino").get("ino");

    rules = new CampaignRules(config, recorder, audit::add, now::get);

    assertThat(Files.readAttributes(file, "unix:ino").get("ino")).isEqualTo(written);
    assertIssuesAReadyDevice();
  }

  @Test
  void defers_outside_the_window_and_issues_when_it_opens() {
    running();
    window(false);
    device("t:a", DeviceStatus.READY, now.get());
    ready("t:a", 80, true, false);
    rules.fire();
    assertThat(fired(Operation.DEFER_DEVICE)).containsExactly("t:a:outside the maintenance window");
    device("t:a", DeviceStatus.DEFERRED, now.get());
    window(true);
    rules.fire();
    assertThat(fired(Operation.ISSUE_DEVICE)).hasSize(1);
  }

  @Test
  void defers_for_low_battery_offline_and_quarantine() {
    running();
    device("t:low", DeviceStatus.READY, now.get());
    ready("t:low", 12, true, false);
    device("t:off", DeviceStatus.READY, now.get());
    ready("t:off", 90, false, false);
    device("t:q", DeviceStatus.READY, now.get());
    ready("t:q", 90, true, true);
    device("t:unknown", DeviceStatus.READY, now.get());
    ready("t:unknown", -1, true, false);
    rules.fire();
    assertThat(fired(Operation.DEFER_DEVICE))
        .containsExactlyInAnyOrder(
            "t:low:battery at 12.0 %, below 30.0 %",
            "t:off:device offline",
            "t:q:device quarantined",
            "t:unknown:battery level unknown and not on mains");
    assertThat(fired(Operation.ISSUE_DEVICE)).isEmpty();
  }

  @Test
  void a_device_on_mains_ignores_the_battery_precondition() {
    running();
    device("t:m", DeviceStatus.READY, now.get());
    rules.put("r:t:m", new DeviceReadiness("t:m", -1, true, true, false));
    rules.fire();
    assertThat(fired(Operation.ISSUE_DEVICE)).hasSize(1);
  }

  @Test
  void without_a_battery_precondition_a_device_that_never_reported_a_battery_is_issued() {
    running();
    policy(true, 0, false);
    device("t:a", DeviceStatus.READY, now.get());
    ready("t:a", -1, false, false);
    rules.fire();
    assertThat(fired(Operation.ISSUE_DEVICE)).hasSize(1);
  }

  @Test
  void times_out_a_silent_device_only_after_the_timeout() {
    running();
    device("t:a", DeviceStatus.DOWNLOADING, now.get());
    now.addAndGet(59_000);
    rules.fire();
    assertThat(fired(Operation.TIMEOUT_DEVICE)).isEmpty();
    now.addAndGet(1_000);
    rules.fire();
    assertThat(fired(Operation.TIMEOUT_DEVICE))
        .containsExactly("t:a:no progress for 60 s while DOWNLOADING");
  }

  @Test
  void advances_when_the_success_threshold_is_reached() {
    running();
    rules.put("p0", new WaveProgress(C, 0, 10, 7, 0, 0, 0, 0, 3, 0));
    rules.fire();
    assertThat(fired(Operation.ADVANCE)).isEmpty();
    rules.put("p0", new WaveProgress(C, 0, 10, 8, 0, 0, 0, 0, 2, 0));
    rules.fire();
    assertThat(fired(Operation.ADVANCE)).hasSize(1);
  }

  @Test
  void aborts_when_errors_cross_the_threshold_after_the_minimum_executed() {
    running();
    rules.put("p0", new WaveProgress(C, 0, 10, 0, 1, 0, 0, 0, 9, 0));
    rules.fire();
    assertThat(fired(Operation.ABORT)).as("one executed is below the minimum of two").isEmpty();
    rules.put("p0", new WaveProgress(C, 0, 10, 8, 1, 1, 1, 0, 0, 0));
    rules.fire();
    assertThat(fired(Operation.ABORT)).hasSize(1);
    // the same change completes the success threshold: the abort is decided first, so the owner
    // has stopped the campaign before it reads the advance
    assertThat(decisions.get(0).operation()).isEqualTo(Operation.ABORT);
  }

  @Test
  void pauses_instead_when_the_policy_says_so_and_acknowledged_errors_do_not_pause_again() {
    running();
    policy(false, 0, false);
    rules.put("p0", new WaveProgress(C, 0, 10, 1, 1, 0, 0, 0, 8, 0));
    rules.fire();
    assertThat(fired(Operation.PAUSE)).hasSize(1);
    rules.put("p0", new WaveProgress(C, 0, 10, 1, 1, 0, 0, 0, 8, 1));
    rules.fire();
    assertThat(fired(Operation.PAUSE)).hasSize(1);
    rules.put("p0", new WaveProgress(C, 0, 10, 1, 2, 0, 0, 0, 7, 1));
    rules.fire();
    assertThat(fired(Operation.PAUSE)).hasSize(2);
  }

  @Test
  void completes_when_the_last_wave_has_no_unsettled_device() {
    campaign(CampaignStatus.RUNNING, 1, 2);
    policy(true, 0, false);
    window(true);
    device("t:a", DeviceStatus.INSTALLING, now.get());
    rules.fire();
    assertThat(fired(Operation.COMPLETE)).isEmpty();
    device("t:a", DeviceStatus.INSTALLED, now.get());
    rules.fire();
    assertThat(fired(Operation.COMPLETE)).hasSize(1);
  }

  @Test
  void rolls_back_installed_devices_of_an_aborted_campaign() {
    campaign(CampaignStatus.ABORTED, 0, 2);
    policy(true, 0, false);
    device("t:a", DeviceStatus.INSTALLED, now.get());
    device("t:b", DeviceStatus.FAILED, now.get());
    rules.fire();
    assertThat(fired(Operation.ROLLBACK_DEVICE)).hasSize(1).first().asString().startsWith("t:a");
  }

  @Test
  void a_pack_folder_campaigns_drl_replaces_the_bundled_pack(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("campaigns.drl"),
        """
        package custom;
        import io.twinwright.rules.campaigns.*;
        import io.twinwright.rules.CampaignControlRequest;
        global io.twinwright.rules.RuleActions actions;
        rule "every running campaign advances at once"
        when
          CampaignFact($c : campaignId, status == CampaignStatus.RUNNING, !lastWave())
        then
          actions.campaignControl(new CampaignControlRequest($c,
              CampaignControlRequest.Operation.ADVANCE, $c, "custom", java.util.Map.of()));
        end
        """);
    rules.close();
    rules = new CampaignRules(Optional.of(dir), recorder, audit::add, now::get);
    running();
    rules.fire();
    assertThat(fired(Operation.ADVANCE)).containsExactly("fw-1:custom");
  }
}
