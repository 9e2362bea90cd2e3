package io.twinwright.api.ws;

import io.twinwright.api.ApiException;
import io.twinwright.api.auth.Caller;
import io.twinwright.api.http.ErrorResponder;
import io.twinwright.api.policies.Enforcement;
import io.twinwright.api.policies.Enforcement.Target;
import io.twinwright.api.things.ThingAccess;
import io.twinwright.api.things.ThingJson;
import io.twinwright.twin.TwinEvent;
import io.twinwright.twin.TwinService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.base.model.signals.Signal;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonRuntimeException;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.Adaptable;
import org.eclipse.ditto.protocol.JsonifiableAdaptable;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.TopicPath;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.ThingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection speaking the Ditto Protocol. Everything but {@link #offer} runs on the
 * connection's event loop. Twin events reach {@link #offer} on the thread that changed the twin;
 * they are handed over to the event loop, and a client that does not keep up (too many events in
 * flight, or a full write queue) is disconnected with close code 1013 rather than buffered without
 * bound.
 */
final class ProtocolSession {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolSession.class);
  // RFC 6455 1013 "Try Again Later": the client fell behind
  private static final short TOO_SLOW = 1013;
  // A write is applied to the map of twins just after its event is published: how often delivery
  // looks again before filtering on the state it has.
  private static final int STATE_RETRIES = 20;

  private static final String START_EVENTS = "START-SEND-EVENTS";
  private static final String STOP_EVENTS = "STOP-SEND-EVENTS";
  // Acknowledged so clients can start, but nothing is routed on these: Twinwright's twins have no
  // live channel (device commands go through the inbox API).
  private static final java.util.Set<String> ACKNOWLEDGED_ONLY =
      java.util.Set.of(
          "START-SEND-MESSAGES",
          "STOP-SEND-MESSAGES",
          "START-SEND-LIVE-COMMANDS",
          "STOP-SEND-LIVE-COMMANDS",
          "START-SEND-LIVE-EVENTS",
          "STOP-SEND-LIVE-EVENTS",
          "START-SEND-POLICY-ANNOUNCEMENTS",
          "STOP-SEND-POLICY-ANNOUNCEMENTS");

  private final ServerWebSocket socket;
  private final Context context;
  private final Vertx vertx;
  private final TwinService twins;
  private final Caller caller;
  private final Enforcement enforcement;
  private final TwinCommands commands;
  private final DittoProtocolAdapter adapter;
  private final int queueLimit;
  private final Runnable onClose;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile EventOptions events;
  private AutoCloseable subscription;
  private boolean closed;
  // event-loop only
  private final java.util.ArrayDeque<Pending> pending = new java.util.ArrayDeque<>();
  private boolean waiting;
  private int waits;

  ProtocolSession(
      ServerWebSocket socket,
      Context context,
      TwinService twins,
      ThingAccess access,
      Caller caller,
      DittoProtocolAdapter adapter,
      int queueLimit,
      Runnable onClose) {
    this.socket = socket;
    this.context = context;
    this.vertx = context.owner();
    this.twins = twins;
    this.caller = caller;
    this.enforcement = access.enforcement();
    this.commands = new TwinCommands(twins, access, caller);
    this.adapter = adapter;
    this.queueLimit = queueLimit;
    this.onClose = onClose;
  }

  void start() {
    socket.textMessageHandler(this::receive);
    socket.binaryMessageHandler(b -> receive(b.toString()));
    socket.closeHandler(v -> end());
    socket.exceptionHandler(e -> LOG.debug("WebSocket error: {}", e.toString()));
  }

  /** Closes the connection (server shutdown). */
  void close() {
    context.runOnContext(
        v -> {
          end();
          socket.close();
        });
  }

  private void end() {
    if (closed) {
      return;
    }
    closed = true;
    stopEvents();
    onClose.run();
  }

  private void receive(String text) {
    String trimmed = text.trim();
    String word = trimmed.contains("?") ? trimmed.substring(0, trimmed.indexOf('?')) : trimmed;
    if (word.equals(START_EVENTS)) {
      startEvents(trimmed);
    } else if (word.equals(STOP_EVENTS)) {
      stopEvents();
      send(STOP_EVENTS + ":ACK");
    } else if (ACKNOWLEDGED_ONLY.contains(word)) {
      send(word + ":ACK");
    } else {
      command(text);
    }
  }

  private void startEvents(String message) {
    EventOptions options;
    try {
      options = EventOptions.parse(message);
    } catch (RuntimeException e) {
      send(ProtocolMessages.error(Optional.empty(), e, DittoHeaders.empty()));
      return;
    }
    events = options;
    if (subscription == null) {
      subscription = twins.subscribe(this::offer);
    }
    send(START_EVENTS + ":ACK");
  }

  private void stopEvents() {
    events = null;
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        LOG.warn("ending a twin event subscription failed: {}", e.toString());
      }
      subscription = null;
    }
  }

  private void command(String text) {
    JsonObject json;
    try {
      json = JsonFactory.readFrom(text).asObject();
    } catch (JsonRuntimeException | UnsupportedOperationException e) {
      send(
          ProtocolMessages.error(
              Optional.empty(), ErrorResponder.malformedJson(describe(e)), DittoHeaders.empty()));
      return;
    }
    DittoHeaders headers =
        json.getValue("headers")
            .filter(h -> h.isObject())
            .map(h -> DittoHeaders.newBuilder(h.asObject()).build())
            .orElse(DittoHeaders.empty());
    Adaptable adaptable;
    Signal<?> signal;
    try {
      JsonifiableAdaptable parsed = ProtocolFactory.jsonifiableAdaptableFromJson(json);
      adaptable = parsed;
      headers = parsed.getDittoHeaders();
      signal = adapter.fromAdaptable(parsed);
    } catch (DittoRuntimeException | JsonRuntimeException | IllegalArgumentException e) {
      send(ProtocolMessages.error(thingOf(json), invalid(e), headers));
      return;
    }
    DittoHeaders replyHeaders = headers;
    if (!(signal instanceof ThingCommand<?> command)
        || ProtocolMessages.channel(adaptable) != TopicPath.Channel.TWIN) {
      send(
          ProtocolMessages.error(
              thingOf(json),
              new ApiException(
                  501,
                  "api:signal.unsupported",
                  "Only twin commands of things are supported here, not <"
                      + adaptable.getTopicPath().getPath()
                      + ">.",
                  "Send things/twin/commands; live commands and messages are not routed."),
              replyHeaders));
      return;
    }
    boolean wantsResponse = headers.isResponseRequired();
    Adaptable request = adaptable;
    commands
        .run(command, context)
        .onComplete(
            outcome -> {
              if (!wantsResponse) {
                return;
              }
              if (outcome.succeeded()) {
                send(
                    ProtocolMessages.response(
                        request,
                        outcome.result().status(),
                        outcome.result().value(),
                        replyHeaders));
              } else {
                send(
                    ProtocolMessages.error(
                        Optional.of(command.getEntityId()), outcome.cause(), replyHeaders));
              }
            });
  }

  private static Throwable invalid(RuntimeException e) {
    if (e instanceof DittoRuntimeException) {
      return e;
    }
    return new ApiException(
        400,
        "things:protocol.invalid",
        "The message is not a valid Ditto Protocol message: " + describe(e),
        "Send a Ditto Protocol envelope with topic, path, headers and value.");
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The thing a (possibly invalid) message names in its topic, for the error's topic. */
  private static Optional<ThingId> thingOf(JsonObject json) {
    try {
      return json.getValue("topic")
          .filter(t -> t.isString())
          .map(t -> t.asString().split("/"))
          .filter(parts -> parts.length > 2 && !"_".equals(parts[0]))
          .map(parts -> ThingId.of(parts[0], parts[1]));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** On the thread that changed the twin: a cheap check, then hand over to the event loop. */
  private void offer(TwinEvent event) {
    EventOptions options = events;
    String namespace = ThingId.of(event.thingId()).getNamespace();
    if (options == null || !options.inNamespace(namespace) || !caller.ownsNamespace(namespace)) {
      return;
    }
    // Filter on the state the change produced, not on whatever the twin is by delivery time. The
    // map still holds the twin as it was before this change while its event is published: a
    // deleted twin is filtered on its last state.
    Optional<Thing> before =
        event.kind() == TwinEvent.Kind.DELETED
            ? twins.get(event.thingId())
            : event.write().flatMap(TwinEvent.Write::after);
    if (inFlight.incrementAndGet() > queueLimit) {
      context.runOnContext(v -> disconnectSlow("too many events in flight"));
      return;
    }
    context.runOnContext(
        v -> {
          pending.add(new Pending(event, before, options));
          drain();
        });
  }

  /** An event waiting for delivery, with the options in force when it happened. */
  private record Pending(TwinEvent event, Optional<Thing> state, EventOptions options) {}

  /**
   * Delivers waiting events in order. A twin's new state reaches the map just after its event is
   * published; the head waits (briefly) for it, so the filter sees the twin as changed.
   */
  private void drain() {
    while (!pending.isEmpty()) {
      if (closed) {
        pending.clear();
        return;
      }
      Pending head = pending.peek();
      Optional<Thing> state = head.state();
      // device updates carry no state: filter them on the map's
      if (state.isEmpty() && head.event().kind() != TwinEvent.Kind.DELETED) {
        long revision = head.event().revision();
        state =
            twins
                .get(head.event().thingId())
                .filter(t -> t.getRevision().map(r -> r.toLong() >= revision).orElse(false));
        if (state.isEmpty() && waits < STATE_RETRIES) {
          if (!waiting) {
            waiting = true;
            waits++;
            vertx.setTimer(
                1,
                id -> {
                  waiting = false;
                  drain();
                });
          }
          return;
        }
        if (state.isEmpty()) {
          state = twins.get(head.event().thingId());
        }
      }
      waits = 0;
      pending.poll();
      inFlight.decrementAndGet();
      deliver(head, state);
    }
  }

  private void deliver(Pending pending, Optional<Thing> state) {
    EventOptions options = pending.options();
    if (events != options) {
      return;
    }
    boolean matches =
        state.map(options.filter()::test).orElse(options.filter().expression().isEmpty());
    if (!matches) {
      return;
    }
    TwinEvent event = pending.event();
    Optional<JsonObject> extra =
        options.extraFields().flatMap(fields -> state.map(t -> t.toJson(fields)));
    if (caller.unrestricted()) {
      send(ProtocolMessages.event(event, extra));
      return;
    }
    // as on the HTTP API: nothing of a twin the caller may not see, and of a change only the parts
    // it may read (a change wholly inside unreadable parts is not sent at all)
    Target target =
        state
            .map(ThingAccess::target)
            .orElseGet(() -> Target.of(ThingId.of(event.thingId()), Optional.empty()));
    if (!enforcement.canSee(caller, target)) {
      return;
    }
    Optional<JsonObject> visibleExtra = extra.map(json -> enforcement.view(caller, target, json));
    if (event.kind() == TwinEvent.Kind.DELETED) {
      send(ProtocolMessages.event(event, visibleExtra));
      return;
    }
    // the change as the thing's JSON without _revision/_modified, whole and as the caller sees it
    JsonObject change = ThingJson.change(event, Optional.empty());
    JsonObject visible = ThingJson.change(enforcement.view(caller, target, change));
    if (visible.equals(ThingJson.change(change))) {
      send(ProtocolMessages.event(event, visibleExtra));
      return;
    }
    JsonObject readable = visible.remove("thingId");
    if (ThingJson.hasLeaf(readable)) {
      send(ProtocolMessages.partialEvent(event, pruned(readable), visibleExtra));
    }
  }

  /** The JSON without the empty objects unreadable parts leave behind (nulls are deletions). */
  private static JsonObject pruned(JsonObject json) {
    JsonObjectBuilder kept = JsonFactory.newObjectBuilder();
    for (var field : json) {
      JsonValue value = field.getValue();
      if (!value.isObject()) {
        kept.set(field.getKey(), value);
      } else if (ThingJson.hasLeaf(value)) {
        kept.set(field.getKey(), pruned(value.asObject()));
      }
    }
    return kept.build();
  }

  private void send(String text) {
    if (closed) {
      return;
    }
    if (socket.writeQueueFull()) {
      disconnectSlow("write queue full");
      return;
    }
    socket.writeTextMessage(text);
  }

  private void disconnectSlow(String why) {
    if (closed) {
      return;
    }
    LOG.info("disconnecting WebSocket client {}: {}", socket.remoteAddress(), why);
    end();
    socket.close(TOO_SLOW, "client too slow: " + why);
  }
}
