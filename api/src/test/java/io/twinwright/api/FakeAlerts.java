package io.twinwright.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** An alert book in memory with the life cycle the platform's is meant to have. */
final class FakeAlerts implements AlertOperations {
  private final Map<String, AlertView> byId = new ConcurrentHashMap<>();
  private final Set<Consumer<AlertView>> listeners = ConcurrentHashMap.newKeySet();

  /** Adds or replaces an alert and tells the listeners, as a rule raising it would. */
  AlertView put(AlertView alert) {
    byId.put(alert.id(), alert);
    listeners.forEach(l -> l.accept(alert));
    return alert;
  }

  int listeners() {
    return listeners.size();
  }

  @Override
  public List<AlertView> alerts(Optional<String> thingId, Optional<String> state) {
    List<AlertView> result = new ArrayList<>();
    for (AlertView a : byId.values()) {
      if (thingId.map(a.thingId()::equals).orElse(true)
          && state.map(a.state()::equals).orElse(true)) {
        result.add(a);
      }
    }
    result.sort(Comparator.comparing(AlertView::updatedAt).reversed());
    return result;
  }

  @Override
  public Optional<AlertView> alert(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized Optional<AlertView> acknowledge(String id) {
    return alert(id).map(a -> "active".equals(a.state()) ? put(with(a, "acknowledged")) : a);
  }

  @Override
  public synchronized Optional<AlertView> clear(String id) {
    return alert(id).map(a -> "cleared".equals(a.state()) ? a : put(with(a, "cleared")));
  }

  @Override
  public AutoCloseable subscribe(Consumer<AlertView> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  static AlertView with(AlertView a, String state) {
    return new AlertView(
        a.id(),
        a.thingId(),
        a.code(),
        a.severity(),
        a.message(),
        a.findings(),
        a.raisedAt(),
        a.updatedAt().plusSeconds(1),
        state);
  }

  static AlertView alert(String id, String thingId, String code, String severity, String state) {
    Instant raised = Instant.parse("2025-01-02T03:04:05Z");
    return new AlertView(
        id,
        thingId,
        code,
        severity,
        code + " on " + thingId,
        Map.of("value", "47.5", "threshold", "45.0"),
        raised,
        raised.plusSeconds(id.hashCode() & 0xff),
        state);
  }
}
