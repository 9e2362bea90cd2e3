package io.twinwright.rules.actions;

import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.AuditEntry;
import io.twinwright.rules.AuditSink;
import io.twinwright.rules.CampaignControlRequest;
import io.twinwright.rules.CommandRequest;
import io.twinwright.rules.DesiredPropertiesRequest;
import io.twinwright.rules.RuleActions;
import io.twinwright.rules.WorkOrderRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.rule.Match;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path from a rule to the platform: drops exact repeats, shields the session from the
 * platform's exceptions, and records every call in the audit log with the rule that made it.
 *
 * <p>It is also the session's agenda listener: Drools tells it which rule is firing, so rules
 * simply call {@code actions.raiseAlert(...)} and the audit knows their name and bound variables
 * without the DRL passing anything. One instance per partition, used only on its thread.
 */
public final class AuditedActions extends DefaultAgendaEventListener implements RuleActions {
  private static final Logger LOG = LoggerFactory.getLogger(AuditedActions.class);

  /** The audit's rule name for an action called outside a rule consequence. */
  public static final String NO_RULE = "(no rule)";

  static final String DONE = "done";
  static final String DROPPED = "dropped: repeat";

  private final RuleActions delegate;
  private final ActionLedger ledger;
  private final AuditSink audit;
  private final LongSupplier clockMillis;
  private Match firing;

  /**
   * @param clockMillis the owning session's clock, for the audit time
   */
  public AuditedActions(
      RuleActions delegate, ActionLedger ledger, AuditSink audit, LongSupplier clockMillis) {
    this.delegate = Objects.requireNonNull(delegate, "actions");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clockMillis = Objects.requireNonNull(clockMillis, "clockMillis");
  }

  @Override
  public void beforeMatchFired(BeforeMatchFiredEvent event) {
    firing = event.getMatch();
  }

  @Override
  public void afterMatchFired(AfterMatchFiredEvent event) {
    firing = null;
  }

  @Override
  public void raiseAlert(AlertRequest request) {
    perform(
        "raise-alert",
        request.thingId(),
        ActionLedger.alert(request.thingId(), request.code()),
        "raised",
        withEntry(request.findings(), "code", request.code()),
        () -> delegate.raiseAlert(request));
  }

  @Override
  public void clearAlert(String thingId, String code) {
    perform(
        "clear-alert",
        thingId,
        ActionLedger.alert(thingId, code),
        "cleared",
        Map.of("code", code),
        () -> delegate.clearAlert(thingId, code));
  }

  @Override
  public void quarantine(String thingId, String reason) {
    perform(
        "quarantine",
        thingId,
        ActionLedger.quarantine(thingId),
        "quarantined",
        Map.of("reason", reason),
        () -> delegate.quarantine(thingId, reason));
  }

  @Override
  public void openWorkOrder(WorkOrderRequest request) {
    perform(
        "open-work-order",
        request.thingId(),
        ActionLedger.workOrder(request.thingId(), request.code()),
        "open",
        withEntry(request.findings(), "code", request.code()),
        () -> delegate.openWorkOrder(request));
  }

  @Override
  public void sendCommand(CommandRequest request) {
    perform(
        "send-command",
        request.thingId(),
        ActionLedger.Key.of("command", request.thingId(), request.name()),
        request.payload(),
        withEntry(request.findings(), "command", request.name()),
        () -> delegate.sendCommand(request));
  }

  @Override
  public void setDesiredProperties(DesiredPropertiesRequest request) {
    perform(
        "set-desired-properties",
        request.thingId(),
        ActionLedger.Key.of("desired", request.thingId(), request.featureId()),
        request.properties(),
        withEntry(request.findings(), "feature", request.featureId()),
        () -> delegate.setDesiredProperties(request));
  }

  @Override
  public void campaignControl(CampaignControlRequest request) {
    perform(
        "campaign-control",
        request.thingId(),
        // device operations are keyed per device: timing out one device is no repeat of another
        request.operation().perDevice()
            ? ActionLedger.Key.of("campaign", request.campaignId(), request.thingId())
            : ActionLedger.Key.of("campaign", request.campaignId()),
        request.operation(),
        withEntry(
            withEntry(request.findings(), "campaign", request.campaignId()),
            "operation",
            request.operation().name()),
        () -> delegate.campaignControl(request));
  }

  private void perform(
      String action,
      String thingId,
      ActionLedger.Key key,
      Object state,
      Map<String, String> findings,
      Runnable call) {
    String rule = firing == null ? NO_RULE : firing.getRule().getName();
    if (!ledger.claim(key, state)) {
      LOG.debug("{} dropped a repeated {} for {}", rule, action, thingId);
      record(rule, action, thingId, findings, DROPPED);
      return;
    }
    String outcome = DONE;
    try {
      call.run();
    } catch (RuntimeException e) {
      // a failed action is not in effect: the next attempt must not count as a repeat
      ledger.forget(key);
      LOG.warn("{} for {} failed (rule \"{}\")", action, thingId, rule, e);
      outcome = "failed: " + e;
    }
    record(rule, action, thingId, findings, outcome);
  }

  private void record(
      String rule, String action, String thingId, Map<String, String> findings, String outcome) {
    try {
      audit.record(
          new AuditEntry(
              Instant.ofEpochMilli(clockMillis.getAsLong()),
              rule,
              action,
              thingId,
              explain(findings),
              outcome));
    } catch (RuntimeException e) {
      LOG.warn("audit sink refused an entry for {} {}", action, thingId, e);
    }
  }

  /** The request's findings, completed with the rule's bound variables (the request wins). */
  private Map<String, String> explain(Map<String, String> findings) {
    if (firing == null) {
      return findings;
    }
    Map<String, String> all = new LinkedHashMap<>();
    for (String id : firing.getDeclarationIds()) {
      Object value = firing.getDeclarationValue(id);
      all.put(id.startsWith("$") ? id.substring(1) : id, String.valueOf(value));
    }
    all.putAll(findings);
    return all;
  }

  private static Map<String, String> withEntry(Map<String, String> map, String key, String value) {
    if (map.containsKey(key)) {
      return map;
    }
    Map<String, String> copy = new LinkedHashMap<>(map);
    copy.put(key, value);
    return copy;
  }
}
