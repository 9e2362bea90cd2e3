package io.twinwright.platform.desired;

import io.twinwright.adapters.command.Command;
import io.twinwright.adapters.command.CommandService;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TwinEvent;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.desired.DesiredDelta;
import io.twinwright.twin.desired.DesiredDeltaJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.things.model.Feature;
import org.eclipse.ditto.things.model.Thing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each twin's device the desired values it has not reported yet, as one {@value #COMMAND}
 * command ({@code application/json}, {@code {"features":{"<f>":{"<prop>":value}}}}) through the
 * durable outbox, and keeps at it until the reported state matches.
 *
 * <ul>
 *   <li>A change of a twin's desired properties supersedes the command still waiting in the outbox:
 *       the old one is withdrawn and one with the current difference is sent, so a twin has at most
 *       one pending {@value #COMMAND}.
 *   <li>Reports that make the twin match end the reconciliation (a command still waiting is
 *       withdrawn); a twin still out of sync after the retry interval, whose command the device has
 *       taken, gets it again.
 *   <li>Reports that drift away from the desired state of a twin in sync start a new round.
 *   <li>Features the platform owns ({@code connectivity}, {@code security}, {@code health}) are
 *       never reconciled, nor {@code firmware}, whose desired version is driven by update campaigns
 *       with their own commands.
 * </ul>
 *
 * <p>What was sent is tracked in memory; {@link #start()} looks at every twin, so after a restart a
 * twin out of sync gets a command unless the outbox still holds one for it. All decisions run on
 * one Vert.x context, so a twin's sends never race.
 */
public final class DesiredStateReconciler implements AutoCloseable {
  /** The command name; Hono has no standard one for desired state. */
  public static final String COMMAND = "desired.update";

  /** Features whose desired state is not reconciled here. */
  public static final Set<String> EXCLUDED =
      Set.of("connectivity", "security", "health", "firmware");

  private static final Logger LOG = LoggerFactory.getLogger(DesiredStateReconciler.class);

  private final Vertx vertx;
  private final Context context;
  private final TwinService twins;
  private final CommandService commands;
  private final Clock clock;
  private final Duration retry;
  private final Map<String, Round> rounds = new ConcurrentHashMap<>();
  private final Map<String, Future<?>> sending = new ConcurrentHashMap<>();
  private AutoCloseable subscription;
  private long sweepTimer = -1;

  /** A reconciliation under way: the desired state last sent and when to look again. */
  private record Round(JsonObject desired, Instant due) {}

  /**
   * @param retry how long a twin may stay out of sync before its command is sent again
   */
  public DesiredStateReconciler(
      Vertx vertx, TwinService twins, CommandService commands, Clock clock, Duration retry) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.twins = Objects.requireNonNull(twins, "twins");
    this.commands = Objects.requireNonNull(commands, "commands");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retry = Objects.requireNonNull(retry, "retry");
    if (retry.isNegative() || retry.isZero()) {
      throw new IllegalArgumentException("retry must be positive: " + retry);
    }
    this.context = vertx.getOrCreateContext();
  }

  /**
   * Subscribes to twin changes and starts the retry sweep, then checks every twin (the outbox may
   * have lost nothing, but this service's memory did). Completes once every twin was checked.
   */
  public Future<Void> start() {
    subscription = twins.subscribe(this::onEvent);
    long period = Math.max(10, Math.min(1_000, retry.toMillis() / 2));
    sweepTimer = vertx.setPeriodic(period, id -> context.runOnContext(v -> retryDue()));
    return vertx
        .executeBlocking(
            () -> {
              List<String> outOfSync = new ArrayList<>();
              for (Thing thing : twins.all()) {
                if (!DesiredDelta.of(thing, EXCLUDED).inSync()) {
                  outOfSync.add(thing.getEntityId().orElseThrow().toString());
                }
              }
              return outOfSync;
            },
            false)
        .compose(
            ids -> {
              io.vertx.core.Promise<Void> checked = io.vertx.core.Promise.promise();
              context.runOnContext(
                  v -> {
                    ids.forEach(this::adopt);
                    LOG.info("desired state: {} twins out of sync at start", ids.size());
                    checked.complete();
                  });
              return checked.future();
            });
  }

  /** Twins whose reconciliation is under way. */
  public int outOfSync() {
    return rounds.size();
  }

  /**
   * Called on the thread that applied the change, under the twin's lock: decides cheaply whether
   * the change may matter and hands it to the context.
   */
  private void onEvent(TwinEvent event) {
    String id = event.thingId();
    boolean relevant =
        event.kind() == TwinEvent.Kind.DELETED
            || rounds.containsKey(id)
            || event.delta().contains("features")
            // a device report can only matter where something is desired (drift)
            || (!event.changes().isEmpty() && twins.get(id).map(this::desires).orElse(false));
    if (relevant) {
      long revision = event.revision();
      context.runOnContext(v -> reconcile(id, revision));
    }
  }

  private boolean desires(Thing thing) {
    return thing.getFeatures().stream()
        .flatMap(fs -> fs.stream())
        .anyMatch(
            f ->
                !EXCLUDED.contains(f.getId())
                    && f.getDesiredProperties().map(p -> !p.isEmpty()).orElse(false));
  }

  /** Brings one twin's reconciliation up to date with its state at {@code revision} or later. */
  private void reconcile(String thingId, long revision) {
    Optional<Thing> thing = twins.get(thingId);
    if (thing.isEmpty()) {
      if (rounds.remove(thingId) != null) {
        withdraw(thingId);
      }
      return;
    }
    if (revisionOf(thing.get()) < revision) {
      // the event was published before the twin's new state was installed: look again shortly
      vertx.setTimer(1, id -> reconcile(thingId, revision));
      return;
    }
    DesiredDelta delta = DesiredDelta.of(thing.get(), EXCLUDED);
    Round round = rounds.get(thingId);
    if (delta.inSync()) {
      if (round != null) {
        rounds.remove(thingId);
        withdraw(thingId);
        LOG.debug("{} in sync with its desired state", thingId);
      }
      return;
    }
    JsonObject desired = desiredOf(thing.get());
    if (round != null && round.desired().equals(desired)) {
      return; // same target: wait for the device's report or the retry
    }
    send(thingId, delta, desired);
  }

  /** At start: a twin out of sync whose command still waits in the outbox only gets tracked. */
  private void adopt(String thingId) {
    if (rounds.containsKey(thingId)) {
      return;
    }
    twins
        .get(thingId)
        .ifPresent(
            thing -> {
              DesiredDelta delta = DesiredDelta.of(thing, EXCLUDED);
              if (delta.inSync()) {
                return;
              }
              if (commands.pending(DeviceId.ofThingId(thingId), COMMAND) > 0) {
                rounds.put(thingId, new Round(desiredOf(thing), clock.instant().plus(retry)));
              } else {
                send(thingId, delta, desiredOf(thing));
              }
            });
  }

  /** Sends again to every twin still out of sync whose retry is due. Runs on the context. */
  void retryDue() {
    Instant now = clock.instant();
    for (var entry : List.copyOf(rounds.entrySet())) {
      if (entry.getValue().due().isAfter(now)) {
        continue;
      }
      String thingId = entry.getKey();
      Optional<Thing> thing = twins.get(thingId);
      DesiredDelta delta = thing.map(t -> DesiredDelta.of(t, EXCLUDED)).orElse(null);
      if (delta == null || delta.inSync()) {
        rounds.remove(thingId);
        continue;
      }
      if (commands.pending(DeviceId.ofThingId(thingId), COMMAND) > 0) {
        // the device has not taken the last one yet: another would only queue behind it
        rounds.put(thingId, new Round(entry.getValue().desired(), now.plus(retry)));
        continue;
      }
      LOG.info("{} still out of sync after {}: sending {} again", thingId, retry, COMMAND);
      send(thingId, delta, desiredOf(thing.get()));
    }
  }

  private void send(String thingId, DesiredDelta delta, JsonObject desired) {
    DeviceId device = DeviceId.ofThingId(thingId);
    rounds.put(thingId, new Round(desired, clock.instant().plus(retry)));
    byte[] payload = DesiredDeltaJson.patch(delta).toString().getBytes(StandardCharsets.UTF_8);
    // a command still being stored is not in the outbox yet and cannot be withdrawn: wait for it,
    // so the newest command really replaces it
    Future<?> previous = sending.getOrDefault(thingId, Future.succeededFuture());
    Future<Command> sent =
        previous.transform(
            ignored -> {
              commands.withdraw(device, COMMAND);
              return commands.send(device, COMMAND, "application/json", payload, Optional.empty());
            });
    sending.put(thingId, sent);
    sent.onComplete(
        outcome -> {
          sending.remove(thingId, sent);
          if (outcome.failed()) {
            // the retry sweep tries again
            LOG.warn("{} for {} not queued: {}", COMMAND, thingId, outcome.cause().getMessage());
          }
        });
  }

  /** Takes back the twin's waiting command, once any send under way has reached the outbox. */
  private void withdraw(String thingId) {
    sending
        .getOrDefault(thingId, Future.succeededFuture())
        .onComplete(ignored -> commands.withdraw(DeviceId.ofThingId(thingId), COMMAND));
  }

  /** The desired properties of the reconciled features, to tell a new target from the last. */
  private static JsonObject desiredOf(Thing thing) {
    JsonObjectBuilder desired = JsonFactory.newObjectBuilder();
    thing
        .getFeatures()
        .ifPresent(
            features -> {
              for (Feature f : features) {
                if (!EXCLUDED.contains(f.getId())) {
                  f.getDesiredProperties()
                      .ifPresent(p -> desired.set(JsonFactory.newKey(f.getId()), p));
                }
              }
            });
    return desired.build();
  }

  private static long revisionOf(Thing thing) {
    return thing.getRevision().map(r -> r.toLong()).orElse(0L);
  }

  @Override
  public void close() {
    if (sweepTimer >= 0) {
      vertx.cancelTimer(sweepTimer);
      sweepTimer = -1;
    }
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        LOG.debug("twin subscription close failed", e);
      }
    }
  }
}
