package io.twinwright.rules.scenario;

import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.CampaignControlRequest;
import io.twinwright.rules.CommandRequest;
import io.twinwright.rules.DesiredPropertiesRequest;
import io.twinwright.rules.RuleActions;
import io.twinwright.rules.WorkOrderRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The actions a scenario's rules took: alert states by thing and code, and every other action. */
final class Recorder implements RuleActions {

  /** An action other than raising or clearing an alert, as a scenario names it. */
  record Action(String action, String thing, String subject, String detail) {
    String describe() {
      return action + " of " + thing + (subject.isEmpty() ? "" : " (" + subject + ")");
    }
  }

  private final Map<Expectations.AlertKey, String> alerts = new LinkedHashMap<>();
  private final List<Action> actions = new ArrayList<>();

  @Override
  public synchronized void raiseAlert(AlertRequest request) {
    alerts.put(new Expectations.AlertKey(request.thingId(), request.code()), "active");
  }

  @Override
  public synchronized void clearAlert(String thingId, String code) {
    alerts.put(new Expectations.AlertKey(thingId, code), "cleared");
  }

  @Override
  public synchronized void quarantine(String thingId, String reason) {
    actions.add(new Action("quarantine", thingId, "", reason));
  }

  @Override
  public synchronized void openWorkOrder(WorkOrderRequest request) {
    actions.add(new Action("work-order", request.thingId(), request.code(), request.summary()));
  }

  @Override
  public synchronized void sendCommand(CommandRequest request) {
    actions.add(new Action("command", request.thingId(), request.name(), request.payload()));
  }

  @Override
  public synchronized void setDesiredProperties(DesiredPropertiesRequest request) {
    actions.add(
        new Action(
            "desired-properties",
            request.thingId(),
            request.featureId(),
            request.properties().toString()));
  }

  @Override
  public synchronized void campaignControl(CampaignControlRequest request) {
    actions.add(
        new Action(
            "campaign-control",
            request.thingId(),
            request.campaignId(),
            request.operation().name()));
  }

  synchronized Map<Expectations.AlertKey, String> alerts() {
    return new LinkedHashMap<>(alerts);
  }

  synchronized List<Action> actions() {
    return List.copyOf(actions);
  }
}
