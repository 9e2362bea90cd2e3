package io.twinwright.platform.alerts;

import io.twinwright.api.AlertOperations;
import io.twinwright.api.AlertView;
import io.twinwright.rules.Alert;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/** The operator API's view of the alert book: listing, lookup, acknowledge, clear, changes. */
public final class ApiAlerts implements AlertOperations {
  private final AlertService alerts;

  public ApiAlerts(AlertService alerts) {
    this.alerts = alerts;
  }

  @Override
  public List<AlertView> alerts(Optional<String> thingId, Optional<String> state) {
    // The API has checked the state against active, acknowledged, cleared.
    Optional<Alert.State> s = state.map(v -> Alert.State.valueOf(v.toUpperCase(Locale.ROOT)));
    return alerts.list(thingId, s).stream().map(ApiAlerts::view).toList();
  }

  @Override
  public Optional<AlertView> alert(String id) {
    return alerts.get(id).map(ApiAlerts::view);
  }

  @Override
  public Optional<AlertView> acknowledge(String id) {
    return alerts.acknowledge(id).map(ApiAlerts::view);
  }

  @Override
  public Optional<AlertView> clear(String id) {
    return alerts.clearById(id).map(ApiAlerts::view);
  }

  @Override
  public AutoCloseable subscribe(Consumer<AlertView> listener) {
    return alerts.subscribe(a -> listener.accept(view(a)));
  }

  static AlertView view(Alert a) {
    return new AlertView(
        a.id(),
        a.thingId(),
        a.code(),
        a.severity().name().toLowerCase(Locale.ROOT),
        a.message(),
        new HashMap<String, Object>(a.findings()),
        a.raisedAt(),
        a.updatedAt(),
        a.state().name().toLowerCase(Locale.ROOT));
  }
}
