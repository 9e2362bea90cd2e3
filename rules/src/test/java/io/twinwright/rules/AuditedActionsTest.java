package io.twinwright.rules;

import static io.twinwright.rules.Twins.settle;
import static io.twinwright.rules.Twins.temperature;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.rules.facts.ModelLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditedActionsTest {
  private static final String BOILER = "acme:boiler:1";

  /** A pack that asks for every typed action on each hot reading, repeats included. */
  private static final String EAGER =
      """
      package test.eager;
      import io.twinwright.rules.*;
      import io.twinwright.rules.facts.Measurement;
      import java.util.Map;
      global io.twinwright.rules.RuleActions actions;

      rule "a hot boiler gets every action"
      when
        Measurement(featureId == "temperature", value > 100, $thing : thingId, $v : value)
      then
        actions.openWorkOrder(new WorkOrderRequest($thing, "inspect", Severity.WARNING,
            "inspect the burner", Map.of("value", String.valueOf($v))));
        actions.sendCommand(new CommandRequest($thing, "throttle", "{\\"level\\":1}", Map.of()));
        actions.setDesiredProperties(new DesiredPropertiesRequest($thing, "burner",
            Map.of("level", 1), Map.of()));
        actions.campaignControl(new CampaignControlRequest("fw-7",
            CampaignControlRequest.Operation.PAUSE, $thing, "hot after update", Map.of()));
      end
      """;

  @Test
  void every_action_is_audited_with_its_rule_and_findings_and_repeats_are_dropped(
      @TempDir Path packs) throws Exception {
    Files.writeString(packs.resolve("eager.drl"), EAGER);
    RecordingTypedActions actions = new RecordingTypedActions();
    List<AuditEntry> audit = new CopyOnWriteArrayList<>();
    try (RuleEngine engine =
        new RuleEngine(
            RulesConfig.defaults().withPackDir(packs),
            actions,
            audit::add,
            SessionClockMode.PSEUDO)) {
      engine.defineModel(new ModelLimits(BOILER, Duration.ZERO, Map.of("temperature", 80.0)));
      engine.advanceTime(Duration.ofSeconds(5));
      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 120.0, engine.now()));
      settle(engine);
      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 121.0, engine.now()));
      settle(engine);

      assertThat(actions.calls)
          .containsExactlyInAnyOrder(
              "raise overheating",
              "work-order inspect",
              "command throttle",
              "desired burner",
              "campaign PAUSE");
      assertThat(audit)
          .filteredOn(e -> e.outcome().equals("done"))
          .extracting(AuditEntry::action)
          .containsExactlyInAnyOrder(
              "raise-alert",
              "open-work-order",
              "send-command",
              "set-desired-properties",
              "campaign-control");
      assertThat(audit)
          .filteredOn(e -> e.outcome().equals("dropped: repeat"))
          .extracting(AuditEntry::action)
          .containsExactlyInAnyOrder(
              "open-work-order", "send-command", "set-desired-properties", "campaign-control");
      AuditEntry order =
          audit.stream()
              .filter(e -> e.action().equals("open-work-order"))
              .findFirst()
              .orElseThrow();
      assertThat(order.rule()).isEqualTo("a hot boiler gets every action");
      assertThat(order.thingId()).isEqualTo("plant:boiler-1");
      assertThat(order.at()).isEqualTo(Instant.ofEpochSecond(5));
      assertThat(order.findings())
          .containsEntry("value", "120.0")
          .containsEntry("code", "inspect")
          .containsEntry("thing", "plant:boiler-1");
      AuditEntry raise =
          audit.stream().filter(e -> e.action().equals("raise-alert")).findFirst().orElseThrow();
      assertThat(raise.rule())
          .isEqualTo("an overheating finding raises a critical overheating alert");
      assertThat(raise.findings()).containsEntry("threshold", "80.0");

      // once the operator closes the order, the same order is no longer a repeat
      engine.onWorkOrderClosed("plant:boiler-1", "inspect");
      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 122.0, engine.now()));
      settle(engine);
      assertThat(actions.calls).filteredOn(c -> c.startsWith("work-order")).hasSize(2);
    }
  }

  @Test
  void a_failing_action_is_audited_as_failed_and_may_be_retried() {
    List<AuditEntry> audit = new CopyOnWriteArrayList<>();
    RuleActions failing =
        new RuleActions() {
          @Override
          public void raiseAlert(AlertRequest request) {
            throw new IllegalStateException("alert store down");
          }

          @Override
          public void clearAlert(String thingId, String code) {}

          @Override
          public void quarantine(String thingId, String reason) {}
        };
    try (RuleEngine engine =
        new RuleEngine(RulesConfig.defaults(), failing, audit::add, SessionClockMode.PSEUDO)) {
      engine.defineModel(new ModelLimits(BOILER, Duration.ZERO, Map.of("temperature", 80.0)));
      engine.onTwinEvent(temperature("plant:boiler-1", BOILER, 90.0, engine.now()));
      settle(engine);

      assertThat(audit)
          .filteredOn(e -> e.action().equals("raise-alert"))
          .singleElement()
          .satisfies(
              e -> assertThat(e.outcome()).startsWith("failed: ").contains("alert store down"));
    }
  }

  /** Records the typed actions, which {@link RecordingActions} leaves to the defaults. */
  private static final class RecordingTypedActions implements RuleActions {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void raiseAlert(AlertRequest request) {
      calls.add("raise " + request.code());
    }

    @Override
    public void clearAlert(String thingId, String code) {
      calls.add("clear " + code);
    }

    @Override
    public void quarantine(String thingId, String reason) {
      calls.add("quarantine");
    }

    @Override
    public void openWorkOrder(WorkOrderRequest request) {
      calls.add("work-order " + request.code());
    }

    @Override
    public void sendCommand(CommandRequest request) {
      calls.add("command " + request.name());
    }

    @Override
    public void setDesiredProperties(DesiredPropertiesRequest request) {
      calls.add("desired " + request.featureId());
    }

    @Override
    public void campaignControl(CampaignControlRequest request) {
      calls.add("campaign " + request.operation());
    }
  }
}
