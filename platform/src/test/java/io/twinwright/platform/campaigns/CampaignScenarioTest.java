package io.twinwright.platform.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.rules.AuditEntry;
import io.twinwright.rules.RulesConfig;
import io.twinwright.rules.campaigns.CampaignStatus;
import io.twinwright.rules.campaigns.DeviceStatus;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinConfig;
import io.twinwright.twin.TwinPatch;
import io.twinwright.twin.TwinRepository;
import io.twinwright.twin.TwinService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every campaign state transition, driven through the real service and the bundled campaign pack
 * with a clock the test moves and a recording command port. Devices "report" by patching their
 * twins, as the message pipeline does for a firmware progress event.
 */
class CampaignScenarioTest {
  private static final String MODEL = "io.twinwright:environment-sensor:1.0.0";

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2025-03-03T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  record Sent(String thingId, FirmwareCommand command, Instant expires) {}

  private final TestClock clock = new TestClock();
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
  private final List<CampaignEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> withdrawn = new CopyOnWriteArrayList<>();
  private final TestStore store = new TestStore();

  /**
   * The in-memory store with two faults to inject: {@code down} drops every write (what a kill -9
   * does to writes not yet made), and {@code insertGate} holds the writing of drawn devices.
   */
  static final class TestStore implements CampaignStore {
    final CampaignStore memory = CampaignStore.inMemory();
    volatile boolean down;
    volatile boolean failing;
    volatile CountDownLatch insertGate = new CountDownLatch(0);
    final AtomicInteger inserts = new AtomicInteger();
    final List<String> deleted = new CopyOnWriteArrayList<>();

    @Override
    public List<FirmwareArtifact> loadArtifacts() {
      return memory.loadArtifacts();
    }

    @Override
    public List<StoredCampaign> loadCampaigns() {
      return memory.loadCampaigns();
    }

    @Override
    public List<StoredDevice> loadDevices() {
      return memory.loadDevices();
    }

    @Override
    public void saveArtifact(FirmwareArtifact artifact) {
      if (!down) {
        memory.saveArtifact(artifact);
      }
    }

    @Override
    public void save(Collection<StoredCampaign> campaigns, Collection<StoredDevice> devices) {
      if (failing) {
        throw new IllegalStateException("disk full");
      }
      if (!down) {
        memory.save(campaigns, devices);
      }
    }

    @Override
    public void insertDevices(List<StoredDevice> devices) {
      if (!down) {
        memory.insertDevices(devices);
      }
      inserts.incrementAndGet();
      try {
        insertGate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void deleteDevices(String campaignId) {
      if (!down) {
        memory.deleteDevices(campaignId);
        deleted.add(campaignId);
      }
    }

    List<StoredDevice> rows(String campaignId) {
      return memory.loadDevices().stream().filter(d -> d.campaignId().equals(campaignId)).toList();
    }
  }

  private TwinService twins;
  private CampaignService service;

  static final class MapRepository implements TwinRepository {
    final Map<String, StoredTwin> map = new ConcurrentHashMap<>();

    @Override
    public void loadAll(Consumer<StoredTwin> consumer) {
      map.values().forEach(consumer);
    }

    @Override
    public void upsertAll(Collection<StoredTwin> batch) {
      batch.forEach(t -> map.put(t.thingId(), t));
    }

    @Override
    public void delete(String thingId) {
      map.remove(thingId);
    }
  }

  @BeforeEach
  void start() {
    twins = new TwinService(TwinConfig.defaults(), new MapRepository(), clock);
    twins.start();
    service = newService();
  }

  private CampaignService newService() {
    CampaignService s =
        new CampaignService(
            store,
            twins,
            recordingPort(sent, withdrawn),
            RulesConfig.defaults(),
            audit::add,
            clock);
    s.subscribe(events::add);
    twins.subscribe(s::onTwinEvent);
    s.start(Duration.ZERO);
    return s;
  }

  /**
   * A command port that takes every command at once and records it in {@code sent}, and records
   * each withdrawal as {@code "thingId name"} in {@code withdrawn}.
   */
  static FirmwareCommands recordingPort(List<Sent> sent, List<String> withdrawn) {
    return new FirmwareCommands() {
      @Override
      public CompletableFuture<Void> send(
          DeviceId device, FirmwareCommand command, Instant expires) {
        sent.add(new Sent(device.thingId(), command, expires));
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public int withdraw(DeviceId device, String name) {
        withdrawn.add(device.thingId() + " " + name);
        return 0;
      }
    };
  }

  @AfterEach
  void stop() {
    service.close();
    twins.close();
  }

  private void device(String name, String version, double battery) {
    DeviceId id = DeviceId.ofThingId("acme:" + name);
    twins.ensure(id, MODEL).join();
    twins
        .apply(
            new TwinPatch(
                id,
                List.of(
                    new PropertyUpdate("firmware", "version", version),
                    new PropertyUpdate("battery", "level", battery)),
                clock.instant()))
        .join();
  }

  private void report(String thing, String state, String version) {
    List<PropertyUpdate> u = new ArrayList<>();
    u.add(new PropertyUpdate("firmware", "state", state));
    if (version != null) {
      u.add(new PropertyUpdate("firmware", "version", version));
    }
    u.add(new PropertyUpdate("firmware", "reason", state.equals("failed") ? "flash error" : ""));
    twins.apply(new TwinPatch(DeviceId.ofThingId(thing), u, clock.instant())).join();
  }

  private void artifact() {
    service.addArtifact(
        new FirmwareArtifact(
            "fw-2.0.0",
            "2.0.0",
            "https://firmware.example/2.0.0.bin",
            "a".repeat(64),
            1024,
            List.of(MODEL)));
    service.addArtifact(
        new FirmwareArtifact(
            "fw-1.0.0",
            "1.0.0",
            "https://firmware.example/1.0.0.bin",
            "b".repeat(64),
            1000,
            List.of(MODEL)));
  }

  private CampaignView create(JsonObject extra) {
    JsonObject spec =
        new JsonObject()
            .put("id", "c1")
            .put("artifact", "fw-2.0.0")
            .put("filter", "exists(features/firmware)")
            .put("deviceTimeout", "PT10M")
            .put("rateLimit", 1000)
            .put(
                "waves",
                new JsonArray()
                    .add(new JsonObject().put("count", 2))
                    .add(new JsonObject().put("rest", true)))
            .put("successThreshold", 100)
            .put("errorThreshold", 40)
            .put("minExecuted", 2);
    spec.mergeIn(extra);
    return service.create(CampaignSpec.fromJson(spec, "generated"));
  }

  private List<String> issuedThings() {
    return sent.stream()
        .filter(s -> s.command().kind() == FirmwareCommand.Kind.UPDATE)
        .map(Sent::thingId)
        .toList();
  }

  private DeviceStatus status(String thing) {
    return service.devices("c1", Optional.empty()).orElseThrow().stream()
        .filter(d -> d.thingId().equals(thing))
        .findFirst()
        .orElseThrow()
        .status();
  }

  private void fleet(int n) {
    for (int i = 0; i < n; i++) {
      device("d" + i, "1.0.0", 90);
    }
    artifact();
  }

  private void succeed(String thing) {
    report(thing, "downloading", null);
    report(thing, "installing", null);
    report(thing, "installed", "2.0.0");
  }

  @Test
  void advances_to_the_next_wave_once_the_canary_succeeds_and_completes() {
    fleet(5);
    create(new JsonObject());
    CampaignView started = started("c1");
    assertThat(started.status()).isEqualTo(CampaignStatus.RUNNING);
    assertThat(started.waves()).extracting(CampaignView.Wave::size).containsExactly(2, 3);
    List<String> canary = issuedThings();
    assertThat(canary).hasSize(2);
    assertThat(sent.get(0).command().payload())
        .contains("\"version\":\"2.0.0\"", "\"sha256\":\"" + "a".repeat(64), "\"campaign\":\"c1\"");
    assertThat(sent.get(0).expires()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
    assertThat(
            twins
                .get(canary.get(0))
                .orElseThrow()
                .toJson()
                .getValue("features/firmware/desiredProperties/version"))
        .hasValueSatisfying(v -> assertThat(v.asString()).isEqualTo("2.0.0"));

    succeed(canary.get(0));
    service.tick();
    assertThat(service.campaign("c1").orElseThrow().currentWave()).isZero();
    succeed(canary.get(1));
    service.tick();
    CampaignView second = service.campaign("c1").orElseThrow();
    assertThat(second.currentWave()).isEqualTo(1);
    assertThat(issuedThings()).hasSize(5);

    issuedThings().subList(2, 5).forEach(this::succeed);
    service.tick();
    CampaignView done = service.campaign("c1").orElseThrow();
    assertThat(done.status()).isEqualTo(CampaignStatus.COMPLETED);
    assertThat(done.count("installed")).isEqualTo(5);
    assertThat(audit).anyMatch(e -> e.rule().contains("starts the next wave"));
    assertThat(events).anyMatch(e -> e.type().equals("campaign") && e.status().equals("completed"));
  }

  @Test
  void aborts_on_errors_and_rolls_back_the_devices_already_updated() {
    fleet(6);
    create(new JsonObject());
    started("c1");
    List<String> canary = issuedThings();
    succeed(canary.get(0));
    succeed(canary.get(1));
    service.tick();
    List<String> rest = issuedThings().subList(2, 6);
    succeed(rest.get(0));
    report(rest.get(1), "failed", null);
    service.tick();
    CampaignView aborted = service.campaign("c1").orElseThrow();
    assertThat(aborted.status()).isEqualTo(CampaignStatus.ABORTED);
    // two finished (the minimum), one failed: 50 % is above the 40 % threshold
    assertThat(aborted.reason()).contains("wave 2", "1 of 2");
    report(rest.get(2), "failed", null);
    List<Sent> rollbacks =
        sent.stream().filter(s -> s.command().kind() == FirmwareCommand.Kind.ROLLBACK).toList();
    assertThat(rollbacks)
        .extracting(Sent::thingId)
        .containsExactlyInAnyOrder(canary.get(0), canary.get(1), rest.get(0));
    assertThat(rollbacks.get(0).command().payload())
        .contains("\"version\":\"1.0.0\"", "\"url\":\"https://firmware.example/1.0.0.bin\"");
    // the device still updating when the campaign was aborted is rolled back once it installs
    succeed(rest.get(3));
    service.tick();
    assertThat(status(rest.get(3))).isEqualTo(DeviceStatus.ROLLING_BACK);
    report(canary.get(0), "rolled-back", "1.0.0");
    service.tick();
    assertThat(status(canary.get(0))).isEqualTo(DeviceStatus.ROLLED_BACK);
  }

  @Test
  void pauses_on_errors_when_asked_to_and_resumes_on_request() {
    fleet(4);
    create(new JsonObject().put("onErrors", "pause"));
    started("c1");
    List<String> canary = issuedThings();
    report(canary.get(0), "failed", null);
    report(canary.get(1), "rejected", null);
    service.tick();
    assertThat(service.campaign("c1").orElseThrow().status()).isEqualTo(CampaignStatus.PAUSED);
    assertThat(service.campaign("c1").orElseThrow().count("rejected")).isEqualTo(1);
    CampaignView resumed = service.resume("c1");
    assertThat(resumed.status()).isEqualTo(CampaignStatus.RUNNING);
    assertThatThrownBy(() -> service.resume("c1"))
        .isInstanceOf(CampaignService.ConflictException.class);
  }

  @Test
  void operator_pause_stops_issuing_and_resume_continues() {
    fleet(4);
    create(new JsonObject().put("rateLimit", 1));
    started("c1");
    assertThat(issuedThings()).hasSize(1);
    service.pause("c1");
    clock.advance(Duration.ofSeconds(5));
    service.tick();
    assertThat(issuedThings()).as("paused: nothing more is sent").hasSize(1);
    service.resume("c1");
    clock.advance(Duration.ofSeconds(1));
    service.tick();
    assertThat(issuedThings()).hasSize(2);
  }

  @Test
  void a_silent_device_times_out_and_counts_as_an_error() {
    fleet(3);
    create(new JsonObject().put("errorThreshold", 100));
    started("c1");
    String first = issuedThings().get(0);
    report(first, "downloading", null);
    clock.advance(Duration.ofMinutes(9));
    service.tick();
    assertThat(status(first)).isEqualTo(DeviceStatus.DOWNLOADING);
    clock.advance(Duration.ofMinutes(2));
    service.tick();
    assertThat(status(first)).isEqualTo(DeviceStatus.TIMED_OUT);
    assertThat(service.campaign("c1").orElseThrow().waves().get(0).errors()).isEqualTo(2);
  }

  @Test
  void defers_outside_the_maintenance_window_and_issues_when_it_opens() {
    fleet(2);
    // 10:00 UTC now; the window opens at 11:00 for an hour
    create(
        new JsonObject()
            .put(
                "maintenanceWindows",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("cron", "0 11 * * *")
                            .put("duration", "PT1H")
                            .put("zone", "UTC"))));
    started("c1");
    assertThat(issuedThings()).isEmpty();
    assertThat(service.devices("c1", Optional.of(DeviceStatus.DEFERRED)).orElseThrow())
        .hasSize(2)
        .allMatch(d -> d.reason().equals("outside the maintenance window"));
    clock.advance(Duration.ofMinutes(61));
    service.tick();
    assertThat(issuedThings()).hasSize(2);
  }

  @Test
  void defers_a_device_with_a_low_battery_until_it_charges() {
    device("low", "1.0.0", 10);
    device("ok", "1.0.0", 80);
    artifact();
    create(new JsonObject().put("preconditions", new JsonObject().put("minBattery", 30)));
    started("c1");
    assertThat(issuedThings()).containsExactly("acme:ok");
    assertThat(status("acme:low")).isEqualTo(DeviceStatus.DEFERRED);
    twins
        .apply(
            new TwinPatch(
                DeviceId.ofThingId("acme:low"),
                List.of(new PropertyUpdate("battery", "level", 55.0)),
                clock.instant()))
        .join();
    service.tick();
    assertThat(issuedThings()).containsExactly("acme:ok", "acme:low");
  }

  @Test
  void a_device_registered_after_the_start_joins_the_last_wave() {
    fleet(3);
    create(new JsonObject());
    started("c1");
    device("late", "1.0.0", 90);
    service.tick();
    assertThat(status("acme:late")).isEqualTo(DeviceStatus.PENDING);
    CampaignView c = service.campaign("c1").orElseThrow();
    assertThat(c.waves().get(1).size()).isEqualTo(2);
    issuedThings().forEach(this::succeed);
    service.tick();
    assertThat(issuedThings()).contains("acme:late");
  }

  @Test
  void a_refused_command_counts_as_rejected() {
    fleet(2);
    service.close();
    service =
        new CampaignService(
            store,
            twins,
            (device, command, expires) ->
                CompletableFuture.failedFuture(new IllegalStateException("outbox full")),
            RulesConfig.defaults(),
            audit::add,
            clock);
    service.start(Duration.ZERO);
    twins.subscribe(service::onTwinEvent);
    create(new JsonObject().put("errorThreshold", 100));
    started("c1");
    service.tick();
    assertThat(service.devices("c1", Optional.of(DeviceStatus.REJECTED)).orElseThrow())
        .hasSize(2)
        .allMatch(d -> d.reason().contains("outbox full"));
  }

  @Test
  void a_restarted_service_resumes_the_campaign_where_it_was() {
    fleet(4);
    create(new JsonObject());
    started("c1");
    List<String> canary = issuedThings();
    succeed(canary.get(0));
    service.tick();
    service.close();
    sent.clear();

    service = newService();
    CampaignView resumed = service.campaign("c1").orElseThrow();
    assertThat(resumed.status()).isEqualTo(CampaignStatus.RUNNING);
    assertThat(resumed.count("installed")).isEqualTo(1);
    assertThat(issuedThings()).as("nothing is sent twice").isEmpty();
    succeed(canary.get(1));
    clock.advance(Duration.ofSeconds(1));
    service.tick();
    assertThat(service.campaign("c1").orElseThrow().currentWave()).isEqualTo(1);
    assertThat(issuedThings()).hasSize(2);
  }

  /** Stops the service the way kill -9 would: whatever it had not written yet is lost. */
  private void crash() {
    store.down = true;
    service.close();
    store.down = false;
    sent.clear();
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never: " + what);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Starts a campaign as an operator does: the start is answered while the campaign is still
   * drawing its devices, so wait (with a deadline) until it runs and its first commands are out.
   */
  private CampaignView started(String id) {
    CampaignView accepted = service.start(id);
    assertThat(accepted.status()).isIn(CampaignStatus.STARTING, CampaignStatus.RUNNING);
    awaitTrue(
        () -> service.campaign(id).orElseThrow().status() != CampaignStatus.STARTING,
        id + " has drawn its devices");
    service.awaitStored();
    return service.campaign(id).orElseThrow();
  }

  @Test
  void after_a_crash_the_reports_the_twins_hold_are_taken_and_nothing_is_sent_twice() {
    fleet(4);
    create(new JsonObject());
    started("c1");
    List<String> canary = issuedThings();
    assertThat(canary).hasSize(2);
    // the reports reach the twins (durable, acknowledged to the device) and the campaign's memory,
    // but the crash comes before the campaign writes its rows
    store.down = true;
    succeed(canary.get(0));
    report(canary.get(1), "downloading", null);
    service.tick();
    assertThat(status(canary.get(0))).isEqualTo(DeviceStatus.INSTALLED);
    crash();
    assertThat(store.rows("c1"))
        .as("the store still holds both canary devices as issued")
        .filteredOn(d -> d.status() == DeviceStatus.ISSUED)
        .hasSize(2);

    service = newService();
    assertThat(status(canary.get(0))).isEqualTo(DeviceStatus.INSTALLED);
    assertThat(status(canary.get(1))).isEqualTo(DeviceStatus.DOWNLOADING);
    assertThat(store.rows("c1"))
        .as("what the twins told is written at once")
        .filteredOn(d -> d.status() == DeviceStatus.INSTALLED)
        .hasSize(1);
    assertThat(issuedThings()).as("nothing is sent twice").isEmpty();
    assertThat(withdrawn)
        .as("a command the outbox might offer again is taken back from devices that got it")
        .containsExactlyInAnyOrder(
            canary.get(0) + " firmware.update", canary.get(1) + " firmware.update");
    report(canary.get(1), "installing", null);
    report(canary.get(1), "installed", "2.0.0");
    service.tick();
    assertThat(service.campaign("c1").orElseThrow().currentWave()).isEqualTo(1);
    assertThat(issuedThings()).hasSize(2).doesNotContainAnyElementsOf(canary);
  }

  @Test
  void a_state_reported_before_the_command_is_not_taken_for_an_answer_after_a_crash() {
    fleet(2);
    report("acme:d0", "failed", "1.0.0");
    clock.advance(Duration.ofSeconds(1));
    create(new JsonObject());
    started("c1");
    assertThat(issuedThings()).containsExactlyInAnyOrder("acme:d0", "acme:d1");
    crash();

    service = newService();
    assertThat(status("acme:d0")).isEqualTo(DeviceStatus.ISSUED);
    assertThat(status("acme:d1")).isEqualTo(DeviceStatus.ISSUED);
    assertThat(withdrawn).as("an issued device may not have its command yet").isEmpty();
    assertThat(issuedThings()).isEmpty();
  }

  @Test
  void a_command_leaves_only_once_the_issue_is_stored() {
    fleet(4);
    create(new JsonObject());
    started("c1");
    List<String> canary = issuedThings();
    store.failing = true;
    canary.forEach(this::succeed);
    try {
      service.tick();
    } catch (RuntimeException e) {
      // the tick's own write may fail too: the store is full
    }
    store.failing = false;
    awaitTrue(
        () -> service.devices("c1", Optional.of(DeviceStatus.REJECTED)).orElseThrow().size() == 2,
        "the second wave, issued while the store failed, is rejected");
    assertThat(service.devices("c1", Optional.of(DeviceStatus.REJECTED)).orElseThrow())
        .allMatch(d -> d.reason().contains("campaign store failed"));
    assertThat(issuedThings()).as("no command went out for an issue not stored").isEqualTo(canary);
  }

  @Test
  void a_start_that_cannot_be_stored_leaves_the_campaign_created() {
    fleet(2);
    create(new JsonObject());
    store.failing = true;
    assertThatThrownBy(() -> service.start("c1")).hasMessageContaining("disk full");
    store.failing = false;
    awaitTrue(
        () -> service.campaign("c1").orElseThrow().status() == CampaignStatus.CREATED,
        "the campaign is created again");
    assertThat(started("c1").status()).isEqualTo(CampaignStatus.RUNNING);
    assertThat(issuedThings()).hasSize(2);
  }

  @Test
  void the_service_answers_while_a_fleet_is_drawn_and_an_abort_stops_the_draw() throws Exception {
    fleet(30);
    create(new JsonObject());
    service.create(
        CampaignSpec.fromJson(
            new JsonObject()
                .put("id", "c2")
                .put("artifact", "fw-2.0.0")
                .put("filter", "exists(features/firmware)"),
            "c2"));
    store.insertGate = new CountDownLatch(1);
    assertThat(service.start("c1").status())
        .as("the start is answered before the draw")
        .isEqualTo(CampaignStatus.STARTING);
    awaitTrue(() -> store.inserts.get() == 1, "the drawn devices are being written");

    // the draw is stuck in the store; every other request is answered meanwhile
    CampaignView drawing = service.campaign("c1").orElseThrow();
    assertThat(drawing.status()).isEqualTo(CampaignStatus.STARTING);
    assertThat(drawing.size()).isEqualTo(30);
    assertThat(service.campaign("c2").orElseThrow().status()).isEqualTo(CampaignStatus.CREATED);
    assertThatThrownBy(() -> service.pause("c1"))
        .isInstanceOf(CampaignService.ConflictException.class);
    assertThatThrownBy(() -> service.start("c1"))
        .isInstanceOf(CampaignService.ConflictException.class);

    // the abort is answered once it is durable, after the batch being written
    CompletableFuture<CampaignView> aborting =
        CompletableFuture.supplyAsync(() -> service.abort("c1"));
    awaitTrue(
        () -> service.campaign("c1").orElseThrow().status() == CampaignStatus.ABORTED,
        "the draw is aborted at once");
    assertThat(service.campaign("c1").orElseThrow().size()).isZero();
    store.insertGate.countDown();
    CampaignView aborted = aborting.get(20, TimeUnit.SECONDS);
    assertThat(aborted.status()).isEqualTo(CampaignStatus.ABORTED);
    awaitTrue(() -> store.deleted.contains("c1"), "the partial draw is removed");
    assertThat(store.rows("c1")).isEmpty();
    assertThat(sent).isEmpty();

    // the devices are free again for another campaign
    CampaignView other = started("c2");
    assertThat(other.status()).isEqualTo(CampaignStatus.RUNNING);
    assertThat(other.size()).isEqualTo(30);
  }

  @Test
  void a_campaign_cut_short_while_drawn_is_drawn_again_after_a_restart() {
    fleet(12);
    create(new JsonObject());
    store.insertGate = new CountDownLatch(1);
    assertThat(service.start("c1").status()).isEqualTo(CampaignStatus.STARTING);
    awaitTrue(() -> store.inserts.get() == 1, "the drawn devices are being written");
    // the rows are written but the campaign never ran: kill -9 now
    store.down = true;
    store.insertGate.countDown();
    service.close();
    store.down = false;
    sent.clear();
    assertThat(store.rows("c1")).hasSize(12);
    assertThat(store.loadCampaigns().get(0).status()).isEqualTo(CampaignStatus.STARTING);

    service = newService();
    awaitTrue(
        () -> service.campaign("c1").orElseThrow().status() == CampaignStatus.RUNNING,
        "the campaign runs after its second draw");
    assertThat(store.deleted).contains("c1");
    CampaignView running = service.campaign("c1").orElseThrow();
    assertThat(running.size()).isEqualTo(12);
    assertThat(running.waves()).extracting(CampaignView.Wave::size).containsExactly(2, 10);
    assertThat(store.rows("c1")).hasSize(12);
    service.tick();
    assertThat(issuedThings()).hasSize(2);
  }

  @Test
  void rejects_an_invalid_specification_with_the_field_named() {
    assertThatThrownBy(
            () ->
                CampaignSpec.fromJson(
                    new JsonObject().put("artifact", "x").put("filter", "eq(attributes/a"), "id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("filter");
    assertThatThrownBy(
            () ->
                CampaignSpec.fromJson(
                    new JsonObject()
                        .put("artifact", "x")
                        .put("filter", "exists(thingId)")
                        .put("waves", new JsonArray().add(new JsonObject().put("percent", 0))),
                    "id"))
        .hasMessageContaining("waves[0]");
    assertThatThrownBy(
            () ->
                CampaignSpec.fromJson(
                    new JsonObject()
                        .put("artifact", "x")
                        .put("filter", "exists(thingId)")
                        .put(
                            "maintenanceWindows",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("cron", "61 * * *")
                                        .put("duration", "PT1H"))),
                    "id"))
        .hasMessageContaining("cron");
  }
}
