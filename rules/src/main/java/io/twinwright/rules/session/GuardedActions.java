package io.twinwright.rules.session;

import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.RuleActions;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shields the sessions from the platform: an action that throws inside a rule consequence would
 * abort the whole firing and leave the other activations of the batch unfired.
 */
final class GuardedActions implements RuleActions {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedActions.class);

  private final RuleActions delegate;

  GuardedActions(RuleActions delegate) {
    this.delegate = Objects.requireNonNull(delegate, "actions");
  }

  @Override
  public void raiseAlert(AlertRequest request) {
    try {
      delegate.raiseAlert(request);
    } catch (RuntimeException e) {
      LOG.warn("raising alert {} for {} failed", request.code(), request.thingId(), e);
    }
  }

  @Override
  public void clearAlert(String thingId, String code) {
    try {
      delegate.clearAlert(thingId, code);
    } catch (RuntimeException e) {
      LOG.warn("clearing alert {} for {} failed", code, thingId, e);
    }
  }

  @Override
  public void quarantine(String thingId, String reason) {
    try {
      delegate.quarantine(thingId, reason);
    } catch (RuntimeException e) {
      LOG.warn("quarantining {} failed", thingId, e);
    }
  }
}
