package io.twinwright.platform.liveness;

import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TwinCondition;
import io.twinwright.twin.TwinEvent;
import io.twinwright.twin.TwinService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every twin's {@code connectivity} feature: {@code status} ({@code online}/{@code offline}),
 * {@code since} (last status change), {@code lastSeen} (last traffic), {@code ttd} (Hono's time
 * until disconnect: -1 reachable for commands until further notice, 0 not reachable, n reachable
 * for n seconds), {@code protocol} and {@code remoteAddress}.
 *
 * <p>A device is online while it holds an MQTT connection or an HTTP/CoAP request waits for
 * commands. Changes are ordinary twin writes, so they are stored, searchable and published like any
 * other. Traffic alone moves only {@code lastSeen}, written at most once per interval per device so
 * that telemetry does not double the write load; any status write carries the latest value.
 *
 * <p>Called from the adapters' event loops; each device's state is guarded by its own lock, and
 * twin writes do not block.
 */
public final class ConnectivityTracker {

  public static final String FEATURE = "connectivity";
  public static final String ONLINE = "online";
  public static final String OFFLINE = "offline";

  private static final Logger LOG = LoggerFactory.getLogger(ConnectivityTracker.class);
  private static final JsonPointer PROPERTIES =
      JsonPointer.of("/features/" + FEATURE + "/properties");
  private static final JsonPointer STATUS = JsonPointer.of("status");

  /** What the tracker knows of one device. */
  private static final class State {
    int connections;
    int mqttReady;
    int timedWaits;
    int waitTtd;
    boolean online;
    int writtenTtd;
    String protocol = "";
    String remote = "";
    Instant lastSeen;
    Instant lastSeenWritten = Instant.EPOCH;

    int ttd() {
      if (mqttReady > 0) {
        return -1;
      }
      return timedWaits > 0 ? waitTtd : 0;
    }
  }

  private final TwinService twins;
  private final Clock clock;
  private final Duration lastSeenInterval;
  private final Map<DeviceId, State> states = new ConcurrentHashMap<>();

  public ConnectivityTracker(TwinService twins, Clock clock, Duration lastSeenInterval) {
    this.twins = Objects.requireNonNull(twins, "twins");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lastSeenInterval = Objects.requireNonNull(lastSeenInterval, "lastSeenInterval");
    if (lastSeenInterval.isNegative()) {
      throw new IllegalArgumentException("lastSeenInterval must not be negative");
    }
  }

  /**
   * No connection survives a restart: every twin whose connectivity says online is set offline,
   * with {@code since} the time of the reset. It may run while devices already connect again: a
   * device this tracker has heard of since the start is left as the tracker wrote it (the check is
   * made atomically with the twin's write).
   *
   * @return how many twins were set offline
   */
  public int resetAfterRestart() {
    Instant now = clock.instant();
    int reset = 0;
    for (Thing thing : twins.all()) {
      if (!online(Optional.of(thing))) {
        continue;
      }
      String thingId = thing.getEntityId().orElseThrow().toString();
      DeviceId device = DeviceId.ofThingId(thingId);
      TwinCondition stale =
          current -> {
            if (states.containsKey(device) || !online(current)) {
              throw HeardOfSinceStart.INSTANCE;
            }
          };
      try {
        twins
            .merge(
                ThingId.of(thingId),
                PROPERTIES,
                JsonFactory.newObjectBuilder()
                    .set("status", OFFLINE)
                    .set("since", now.toString())
                    .set("ttd", 0)
                    .build(),
                stale)
            .exceptionally(
                e -> {
                  LOG.debug("connectivity of {} not reset: {}", thingId, e.toString());
                  return null;
                });
        reset++;
      } catch (HeardOfSinceStart e) {
        // connected (or gone) since the start: its connectivity is current
      } catch (RuntimeException e) {
        LOG.debug("connectivity of {} not reset: {}", thingId, e.toString());
      }
    }
    if (reset > 0) {
      LOG.info("{} devices set offline after the restart", reset);
    }
    return reset;
  }

  /** Whether the twin's connectivity says online; reads the one property, not the whole thing. */
  private static boolean online(Optional<Thing> thing) {
    JsonValue status =
        thing
            .flatMap(Thing::getFeatures)
            .flatMap(f -> f.getFeature(FEATURE))
            .flatMap(f -> f.getProperty(STATUS))
            .orElse(null);
    return status != null && status.isString() && ONLINE.equals(status.asString());
  }

  /** Refuses the reset of a twin whose device the tracker has heard of since the start. */
  private static final class HeardOfSinceStart extends RuntimeException {
    private static final HeardOfSinceStart INSTANCE = new HeardOfSinceStart();

    private HeardOfSinceStart() {
      super("heard of since the start", null, false, false);
    }
  }

  /** A connection opened (MQTT), or an HTTP/CoAP request started waiting for commands. */
  public void connected(DeviceId device, String protocol, String remote, Instant at) {
    State state = states.computeIfAbsent(device, d -> new State());
    synchronized (state) {
      state.connections++;
      state.protocol = protocol;
      state.remote = remote;
      state.lastSeen = later(state.lastSeen, at);
      if (!state.online) {
        state.online = true;
        writeStatus(device, state, at);
      } else {
        // another connection of an online device: the newest tells where it is
        JsonObjectBuilder change =
            JsonFactory.newObjectBuilder().set("protocol", protocol).set("remoteAddress", remote);
        addLastSeen(state, change);
        write(device.thingId(), change.build());
      }
    }
  }

  /** A connection closed, or an HTTP/CoAP wait ended. */
  public void disconnected(DeviceId device, String protocol, Instant at) {
    State state = states.get(device);
    if (state == null) {
      return;
    }
    synchronized (state) {
      state.connections = Math.max(0, state.connections - 1);
      if (state.connections == 0 && state.online) {
        state.online = false;
        state.mqttReady = 0;
        state.timedWaits = 0;
        writeStatus(device, state, at);
      }
    }
  }

  /** Command readiness with Hono's ttd: -1 subscribed, 0 no longer, n a wait of n seconds. */
  public void commandReadiness(DeviceId device, String protocol, int ttd, Instant at) {
    State state = states.computeIfAbsent(device, d -> new State());
    synchronized (state) {
      if (ttd < 0) {
        state.mqttReady++;
      } else if (ttd > 0) {
        state.timedWaits++;
        state.waitTtd = ttd;
      } else if ("mqtt".equals(protocol)) {
        state.mqttReady = Math.max(0, state.mqttReady - 1);
      } else {
        state.timedWaits = Math.max(0, state.timedWaits - 1);
      }
      if (state.online && state.ttd() != state.writtenTtd) {
        state.writtenTtd = state.ttd();
        write(device.thingId(), JsonFactory.newObjectBuilder().set("ttd", state.ttd()).build());
      }
    }
  }

  /** Traffic of the device; written at most once per interval. */
  public void seen(DeviceId device, Instant at) {
    State state = states.computeIfAbsent(device, d -> new State());
    synchronized (state) {
      state.lastSeen = later(state.lastSeen, at);
      if (Duration.between(state.lastSeenWritten, at).compareTo(lastSeenInterval) >= 0) {
        JsonObjectBuilder change = JsonFactory.newObjectBuilder();
        addLastSeen(state, change);
        write(device.thingId(), change.build());
      }
    }
  }

  /** Whether a twin event changed nothing but the connectivity feature (not device data). */
  public static boolean connectivityOnly(TwinEvent event) {
    if (event.kind() != TwinEvent.Kind.MODIFIED
        || !event.changes().isEmpty()
        || !event.attributePointers().isEmpty()) {
      return false;
    }
    JsonObject delta = event.delta();
    for (var field : delta) {
      String key = field.getKeyName();
      if (key.equals("thingId")) {
        continue;
      }
      if (!key.equals("features")
          || !field.getValue().isObject()
          || field.getValue().asObject().getSize() != 1
          || !field.getValue().asObject().contains(FEATURE)) {
        return false;
      }
    }
    return delta.contains("features");
  }

  private void writeStatus(DeviceId device, State state, Instant at) {
    state.writtenTtd = state.online ? state.ttd() : 0;
    JsonObjectBuilder change =
        JsonFactory.newObjectBuilder()
            .set("status", state.online ? ONLINE : OFFLINE)
            .set("since", at.toString())
            .set("ttd", state.writtenTtd)
            .set("protocol", state.protocol)
            .set("remoteAddress", state.remote);
    addLastSeen(state, change);
    write(device.thingId(), change.build());
  }

  private void addLastSeen(State state, JsonObjectBuilder change) {
    if (state.lastSeen != null) {
      change.set("lastSeen", state.lastSeen.toString());
      state.lastSeenWritten = state.lastSeen;
    }
  }

  private void write(String thingId, JsonObject properties) {
    try {
      CompletableFuture<?> written =
          twins.merge(ThingId.of(thingId), PROPERTIES, properties, TwinCondition.NONE);
      written.exceptionally(
          e -> {
            LOG.debug("connectivity of {} not stored: {}", thingId, e.toString());
            return null;
          });
    } catch (RuntimeException e) {
      // typically a device without a twin yet; it gets its connectivity on its next change
      LOG.debug("connectivity of {} not written: {}", thingId, e.toString());
    }
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
