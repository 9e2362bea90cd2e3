package io.twinwright.rules;

import static io.twinwright.rules.Twins.settle;
import static io.twinwright.rules.Twins.temperature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.twin.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleEngineTest {
  private static final String BOILER = "acme:boiler:1";
  private static final ModelLimits BOILER_LIMITS =
      new ModelLimits(BOILER, Duration.ofSeconds(10), Map.of("temperature", 80.0));

  @Test
  void many_devices_across_partitions_are_all_processed() {
    RecordingActions actions = new RecordingActions();
    try (RuleEngine engine =
        new RuleEngine(
            RulesConfig.defaults().withPartitions(4), actions, SessionClockMode.PSEUDO)) {
      engine.defineModel(BOILER_LIMITS);
      int devices = 1_000;
      int readings = 5;
      for (int r = 0; r < readings; r++) {
        for (int d = 0; d < devices; d++) {
          // the last reading of every even device is hot
          double value = r == readings - 1 && d % 2 == 0 ? 90.0 : 20.0 + r;
          engine.onTwinEvent(temperature("plant:boiler-" + d, BOILER, value, engine.now()));
        }
      }
      settle(engine);

      assertThat(engine.processedCount()).isEqualTo((long) devices * readings);
      assertThat(actions.raised("overheating"))
          .hasSize(devices / 2)
          .extracting(AlertRequest::thingId)
          .doesNotHaveDuplicates()
          .allMatch(id -> Integer.parseInt(id.substring("plant:boiler-".length())) % 2 == 0);
      assertThat(Set.copyOf(actions.raisingThreads()))
          .containsExactlyInAnyOrder(
              "rules-partition-0", "rules-partition-1", "rules-partition-2", "rules-partition-3");
    }
  }

  @Test
  void a_twin_moved_to_another_model_is_judged_by_that_models_limits() {
    // readings update only the value and time of a measurement; a new model must still reach the
    // patterns that join on it
    RecordingActions actions = new RecordingActions();
    try (RuleEngine engine =
        new RuleEngine(
            RulesConfig.defaults().withPartitions(1), actions, SessionClockMode.PSEUDO)) {
      engine.defineModel(BOILER_LIMITS);
      engine.defineModel(
          new ModelLimits("acme:kettle:1", Duration.ofSeconds(10), Map.of("temperature", 50.0)));
      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 60.0, engine.now()));
      settle(engine);
      assertThat(actions.raised("overheating")).isEmpty();

      engine.onTwinEvent(temperature("plant:boiler-1", "acme:kettle:1", 60.0, engine.now()));
      settle(engine);
      assertThat(actions.raised("overheating"))
          .extracting(AlertRequest::thingId)
          .containsExactly("plant:boiler-1");
    }
  }

  @Test
  void callers_are_not_blocked_while_rules_act() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch acting = new CountDownLatch(1);
    RuleActions slow =
        new RuleActions() {
          @Override
          public void raiseAlert(AlertRequest request) {
            acting.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void clearAlert(String thingId, String code) {}

          @Override
          public void quarantine(String thingId, String reason) {}
        };
    try (RuleEngine engine =
        new RuleEngine(RulesConfig.defaults().withPartitions(1), slow, SessionClockMode.PSEUDO)) {
      engine.defineModel(BOILER_LIMITS);
      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 90.0, engine.now()));
      assertThat(acting.await(10, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Void> drained = engine.drain();
      CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < 100; i++) {
                  engine.onTwinEvent(temperature("plant:boiler-2", BOILER, 20.0, engine.now()));
                }
              })
          .get(5, TimeUnit.SECONDS);
      assertThat(drained).isNotDone();

      release.countDown();
      drained.get(10, TimeUnit.SECONDS);
      settle(engine);
      assertThat(engine.processedCount()).isEqualTo(101);
    }
  }

  @Test
  void an_action_that_throws_does_not_stop_the_rules() {
    RecordingActions recording = new RecordingActions();
    RuleActions failingQuarantine =
        new RuleActions() {
          @Override
          public void raiseAlert(AlertRequest request) {
            recording.raiseAlert(request);
          }

          @Override
          public void clearAlert(String thingId, String code) {
            recording.clearAlert(thingId, code);
          }

          @Override
          public void quarantine(String thingId, String reason) {
            throw new IllegalStateException("registry unavailable");
          }
        };
    try (RuleEngine engine =
        new RuleEngine(RulesConfig.defaults(), failingQuarantine, SessionClockMode.PSEUDO)) {
      for (int i = 0; i < 5; i++) {
        engine.onAuthFailure(DeviceId.of("site", "gate-1"), engine.now(), "192.0.2.7");
      }
      settle(engine);

      assertThat(recording.raised("auth-brute-force")).hasSize(1);
    }
  }

  @Test
  void the_real_clock_fires_time_based_rules_without_traffic() throws Exception {
    RecordingActions actions = new RecordingActions();
    RulesConfig config = RulesConfig.defaults().withTickInterval(Duration.ofMillis(20));
    try (RuleEngine engine = new RuleEngine(config, actions, SessionClockMode.REAL)) {
      engine.defineModel(new ModelLimits("acme:beacon:1", Duration.ofMillis(30), Map.of()));
      engine.registerTwin("site:beacon-1", "acme:beacon:1");

      AlertRequest alert = actions.firstRaised().get(10, TimeUnit.SECONDS);

      assertThat(alert.code()).isEqualTo("device-silent");
      assertThat(alert.thingId()).isEqualTo("site:beacon-1");
    }
  }

  @Test
  void refuses_to_advance_the_real_clock() {
    try (RuleEngine engine =
        new RuleEngine(RulesConfig.defaults(), new RecordingActions(), SessionClockMode.REAL)) {
      assertThatThrownBy(() -> engine.advanceTime(Duration.ofSeconds(1)))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void refuses_input_after_close() {
    RuleEngine engine =
        new RuleEngine(RulesConfig.defaults(), new RecordingActions(), SessionClockMode.PSEUDO);
    engine.close();
    engine.close();

    assertThat(engine.drain()).isDone();
    assertThatThrownBy(
            () -> engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 20.0, engine.now())))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void loads_extra_packs_from_the_pack_folder(@TempDir Path packs) throws Exception {
    Files.writeString(
        packs.resolve("humidity.drl"),
        """
        package site.extra;
        import io.twinwright.rules.AlertRequest;
        import io.twinwright.rules.Severity;
        import io.twinwright.rules.facts.HighAlarm;
        import io.twinwright.rules.facts.Measurement;
        import java.util.Map;
        global io.twinwright.rules.RuleActions actions;

        rule "a humidity above its model's high alarm raises a damp warning"
        when
          Measurement(featureId == "humidity", $thing : thingId, $model : modelId, $v : value)
          HighAlarm(modelId == $model, featureId == "humidity", $v > threshold)
        then
          actions.raiseAlert(new AlertRequest($thing, "damp", Severity.WARNING, "damp", Map.of()));
        end
        """);
    RecordingActions actions = new RecordingActions();
    try (RuleEngine engine =
        new RuleEngine(
            RulesConfig.defaults().withPackDir(packs), actions, SessionClockMode.PSEUDO)) {
      engine.defineModel(
          new ModelLimits(
              "acme:cellar:1",
              Duration.ofSeconds(10),
              Map.of("humidity", 70.0, "temperature", 30.0)));
      engine.onTwinEvent(
          Twins.change(
              "site:cellar-1",
              "acme:cellar:1",
              engine.now(),
              new io.twinwright.twin.PropertyUpdate("humidity", "value", 85),
              new io.twinwright.twin.PropertyUpdate("temperature", "value", 35)));
      settle(engine);

      assertThat(actions.raised("damp")).hasSize(1);
      assertThat(actions.raised("overheating")).hasSize(1);
    }
  }

  @Test
  void a_pack_named_like_a_bundled_pack_replaces_it(@TempDir Path packs) throws Exception {
    Files.writeString(packs.resolve("foundation.drl"), "package site.quiet;\n");
    RecordingActions actions = new RecordingActions();
    try (RuleEngine engine =
        new RuleEngine(
            RulesConfig.defaults().withPackDir(packs), actions, SessionClockMode.PSEUDO)) {
      engine.defineModel(BOILER_LIMITS);
      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 90.0, engine.now()));
      settle(engine);

      assertThat(actions.raised("overheating")).isEmpty();
      assertThat(engine.processedCount()).isEqualTo(1);
    }
  }

  @Test
  void rejects_a_pack_that_does_not_compile_naming_its_file_and_line(@TempDir Path packs)
      throws Exception {
    Files.writeString(
        packs.resolve("broken.drl"),
        """
        package site.broken;

        rule "refers to a fact type that does not exist"
        when
          NoSuchFact(level > 3)
        then
        end
        """);

    assertThatThrownBy(
            () ->
                new RuleEngine(
                    RulesConfig.defaults().withPackDir(packs),
                    new RecordingActions(),
                    SessionClockMode.PSEUDO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("broken.drl:")
        .hasMessageContaining("NoSuchFact");
  }

  @Test
  void drain_completes_on_an_idle_engine() throws Exception {
    try (RuleEngine engine =
        new RuleEngine(RulesConfig.defaults(), new RecordingActions(), SessionClockMode.PSEUDO)) {
      try {
        engine.drain().get(5, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("drain did not complete", e);
      }
      assertThat(engine.processedCount()).isZero();
    }
  }
}
