package io.twinwright.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Records every action the rules take; safe to call from the partition threads. */
final class RecordingActions implements RuleActions {

  record Cleared(String thingId, String code) {}

  record Quarantined(String thingId, String reason) {}

  private final List<AlertRequest> raised = new ArrayList<>();
  private final List<Cleared> cleared = new ArrayList<>();
  private final List<Quarantined> quarantined = new ArrayList<>();
  private final List<String> threads = new ArrayList<>();
  private final CompletableFuture<AlertRequest> firstRaised = new CompletableFuture<>();

  @Override
  public synchronized void raiseAlert(AlertRequest request) {
    raised.add(request);
    threads.add(Thread.currentThread().getName());
    firstRaised.complete(request);
  }

  @Override
  public synchronized void clearAlert(String thingId, String code) {
    cleared.add(new Cleared(thingId, code));
  }

  @Override
  public synchronized void quarantine(String thingId, String reason) {
    quarantined.add(new Quarantined(thingId, reason));
  }

  synchronized List<AlertRequest> raised(String code) {
    return raised.stream().filter(r -> r.code().equals(code)).toList();
  }

  synchronized List<AlertRequest> raisedAll() {
    return List.copyOf(raised);
  }

  synchronized List<String> cleared(String code) {
    return cleared.stream().filter(c -> c.code().equals(code)).map(Cleared::thingId).toList();
  }

  synchronized List<Quarantined> quarantined() {
    return List.copyOf(quarantined);
  }

  synchronized List<String> raisingThreads() {
    return List.copyOf(threads);
  }

  CompletableFuture<AlertRequest> firstRaised() {
    return firstRaised;
  }
}
