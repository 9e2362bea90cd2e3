package io.twinwright.rules.maintenance.replay;

import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.RuleActions;
import io.twinwright.rules.WorkOrderRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Records when alert episodes start: the pack raises an alert once per episode of its finding, so
 * every raise is the start of one.
 */
final class EpisodeRecorder implements RuleActions {

  /** One episode: which alert, and when (session time) it was raised. */
  record Episode(String code, Instant at) {}

  private final List<Episode> episodes = new ArrayList<>();
  private Supplier<Instant> clock = () -> Instant.EPOCH;

  void clock(Supplier<Instant> sessionClock) {
    this.clock = Objects.requireNonNull(sessionClock, "clock");
  }

  @Override
  public void raiseAlert(AlertRequest request) {
    episodes.add(new Episode(request.code(), clock.get()));
  }

  @Override
  public void clearAlert(String thingId, String code) {}

  @Override
  public void quarantine(String thingId, String reason) {}

  @Override
  public void openWorkOrder(WorkOrderRequest request) {
    episodes.add(new Episode(request.code(), clock.get()));
  }

  List<Episode> episodes() {
    return List.copyOf(episodes);
  }
}
