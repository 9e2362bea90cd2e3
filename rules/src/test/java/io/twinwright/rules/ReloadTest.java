package io.twinwright.rules;

import static io.twinwright.rules.Twins.settle;
import static io.twinwright.rules.Twins.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.twin.DeviceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadTest {
  private static final String BOILER = "acme:boiler:1";
  private static final ModelLimits LIMITS =
      new ModelLimits(BOILER, Duration.ofSeconds(10), Map.of("temperature", 80.0));

  /**
   * A pack that acts once per authentication failure (a unique alert code per event) and consumes
   * it: a lost event would miss its alert, an event processed twice would show as a dropped repeat
   * in the audit.
   */
  private static final String TALLY =
      """
      package test.tally;
      import io.twinwright.rules.AlertRequest;
      import io.twinwright.rules.Severity;
      import io.twinwright.rules.facts.AuthFailure;
      import java.util.Map;
      global io.twinwright.rules.RuleActions actions;

      rule "every authentication failure is tallied once"
      when
        $failure : AuthFailure($thing : thingId, $at : atMillis)
      then
        actions.raiseAlert(new AlertRequest($thing, "seen-" + $at, Severity.INFO, "seen", Map.of()));
        delete($failure);
      end
      """;

  @Test
  void reloading_under_load_loses_no_event_and_processes_none_twice(@TempDir Path packs)
      throws Exception {
    Files.writeString(packs.resolve("tally.drl"), TALLY);
    // the bundled security pack would count these failures as an attack and consume them
    Files.writeString(packs.resolve("security.drl"), "package test.none;\n");
    Files.writeString(packs.resolve("maintenance.drl"), "package test.none;\n");
    RecordingActions actions = new RecordingActions();
    List<AuditEntry> audit = new CopyOnWriteArrayList<>();
    int events = 20_000;
    List<ReloadReport> reports = new ArrayList<>();
    try (RuleEngine engine =
        new RuleEngine(
            RulesConfig.defaults().withPackDir(packs),
            actions,
            audit::add,
            SessionClockMode.PSEUDO)) {
      engine.defineModel(LIMITS);
      AtomicBoolean producing = new AtomicBoolean(true);
      Thread producer =
          new Thread(
              () -> {
                for (int i = 0; i < events; i++) {
                  DeviceId device = DeviceId.of("plant", "boiler-" + (i % 100));
                  if (i % 2 == 0) {
                    engine.onAuthFailure(device, Instant.ofEpochMilli(i), "192.0.2.1");
                  } else {
                    // device i % 100 is hot exactly when it is below 50
                    double value = i % 100 < 50 ? 90.0 : 20.0;
                    engine.onTwinEvent(
                        temperature(device.thingId(), BOILER, value, Instant.ofEpochMilli(i)));
                  }
                }
                producing.set(false);
              },
              "producer");
      producer.start();
      while (producing.get() || reports.size() < 3) {
        reports.add(engine.reload());
      }
      producer.join();
      settle(engine);

      assertThat(reports).allSatisfy(r -> assertThat(r.applied()).as(r.describe()).isTrue());
      assertThat(engine.processedCount()).isEqualTo(events);
      Set<String> tallied = new HashSet<>();
      for (AlertRequest alert : actions.raisedAll()) {
        if (alert.code().startsWith("seen-")) {
          assertThat(tallied.add(alert.thingId() + "/" + alert.code())).isTrue();
        }
      }
      assertThat(tallied).hasSize(events / 2);
      assertThat(audit).noneMatch(e -> e.outcome().startsWith("dropped"));
      // the odd devices below 50 are hot; carried-over findings keep them from alerting twice
      assertThat(actions.raised("overheating"))
          .extracting(AlertRequest::thingId)
          .doesNotHaveDuplicates()
          .hasSize(25);
    }
  }

  @Test
  void a_pack_changed_on_disk_takes_effect_and_open_findings_survive(@TempDir Path packs)
      throws Exception {
    RecordingActions actions = new RecordingActions();
    try (RuleEngine engine =
        new RuleEngine(
            RulesConfig.defaults().withPackDir(packs), actions, SessionClockMode.PSEUDO)) {
      engine.defineModel(LIMITS);
      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 90.0, engine.now()));
      settle(engine);
      assertThat(actions.raised("overheating")).hasSize(1);

      Files.writeString(
          packs.resolve("damp.drl"),
          """
          package site.damp;
          import io.twinwright.rules.AlertRequest;
          import io.twinwright.rules.Severity;
          import io.twinwright.rules.facts.Measurement;
          import java.util.Map;
          global io.twinwright.rules.RuleActions actions;
          rule "humidity over 90 is damp"
          when
            Measurement(featureId == "humidity", value > 90, $thing : thingId)
          then
            actions.raiseAlert(new AlertRequest($thing, "damp", Severity.INFO, "damp", Map.of()));
          end
          """);
      ReloadReport report = engine.reload();
      assertThat(report.applied()).as(report.describe()).isTrue();
      assertThat(report.packs()).anyMatch(p -> p.endsWith("damp.drl"));
      assertThat(report.carriedFacts()).isPositive();

      engine.onTwinEvent(
          Twins.change(
              "plant:boiler-1",
              BOILER,
              engine.now(),
              new io.twinwright.twin.PropertyUpdate("humidity", "value", 95)));
      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 91.0, engine.now()));
      settle(engine);
      assertThat(actions.raised("damp")).hasSize(1);
      assertThat(actions.raised("overheating")).hasSize(1);

      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 20.0, engine.now()));
      settle(engine);
      assertThat(actions.cleared("overheating")).containsExactly("plant:boiler-1");
    }
  }

  @Test
  void a_pack_that_does_not_compile_is_refused_and_the_running_rules_are_kept(@TempDir Path packs)
      throws Exception {
    RecordingActions actions = new RecordingActions();
    try (RuleEngine engine =
        new RuleEngine(
            RulesConfig.defaults().withPackDir(packs), actions, SessionClockMode.PSEUDO)) {
      engine.defineModel(LIMITS);
      Files.writeString(
          packs.resolve("broken.drl"),
          """
          package site.broken;

          rule "uses a fact that does not exist"
          when
            NoSuchFact(level > 3)
          then
          end
          """);

      ReloadReport report = engine.reload();

      assertThat(report.applied()).isFalse();
      assertThat(report.problems())
          .anySatisfy(
              p -> {
                assertThat(p.file()).endsWith("broken.drl");
                assertThat(p.line()).isEqualTo(5);
                assertThat(p.message()).contains("NoSuchFact");
              });
      assertThat(report.describe()).contains("broken.drl:5:");

      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 90.0, engine.now()));
      settle(engine);
      assertThat(actions.raised("overheating")).hasSize(1);
    }
  }
}
