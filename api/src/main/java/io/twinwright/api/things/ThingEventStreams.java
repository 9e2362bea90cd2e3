package io.twinwright.api.things;

import io.twinwright.api.auth.Caller;
import io.twinwright.api.http.Requests;
import io.twinwright.api.http.ServerSentEvents;
import io.twinwright.api.policies.Enforcement;
import io.twinwright.api.policies.Enforcement.Target;
import io.twinwright.twin.TwinEvent;
import io.twinwright.twin.TwinService;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.ditto.json.JsonFieldSelector;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.ThingId;

/**
 * Server-sent events of twin changes on {@code GET /api/2/things}, as Ditto sends them: one {@code
 * data:} line per change with the changed part of the thing (the whole thing when it was created,
 * only its {@code thingId} when it was deleted; a deleted part appears as {@code null}). The stream
 * mechanics (hand-over to the connection's event loop, dropping slow clients, ending subscriptions)
 * are {@link ServerSentEvents}'; this class adds the twin filters and rendering.
 */
public final class ThingEventStreams {
  static final String MEDIA_TYPE = ServerSentEvents.MEDIA_TYPE;

  private final TwinService twins;
  private final ServerSentEvents<TwinEvent> streams;
  private final Enforcement enforcement;

  public ThingEventStreams(TwinService twins, int queueLimit, Enforcement enforcement) {
    this.enforcement = enforcement;
    this.twins = twins;
    this.streams = new ServerSentEvents<>(queueLimit);
  }

  /** Streams currently open. */
  public int openStreams() {
    return streams.openStreams();
  }

  /** Ends every stream's subscription and closes its connection. */
  public void closeAll() {
    streams.closeAll();
  }

  void open(RoutingContext ctx) {
    // Parse everything before committing to a stream, so bad parameters still get a 400.
    Set<String> ids =
        Requests.commaSeparated(ctx, "ids").stream()
            .map(id -> ThingId.of(id).toString())
            .collect(Collectors.toUnmodifiableSet());
    Set<String> namespaces = Set.copyOf(Requests.commaSeparated(ctx, "namespaces"));
    Optional<JsonFieldSelector> fields = ThingJson.fields(Requests.param(ctx, "fields"));
    Caller caller = Caller.of(ctx);
    streams.open(
        ctx,
        twins::subscribe,
        event ->
            (ids.isEmpty() || ids.contains(event.thingId()))
                && (namespaces.isEmpty() || namespaces.contains(event.device().tenant().value()))
                && visible(caller, event),
        event -> render(caller, event, fields).toString());
  }

  /** The policy of the event's twin; a deleted twin's policy is assumed to have its id. */
  private Target target(TwinEvent event) {
    return twins
        .get(event.thingId())
        .map(ThingAccess::target)
        .orElseGet(() -> Target.of(ThingId.of(event.thingId()), Optional.empty()));
  }

  /**
   * Whether the caller may see this change: it must see the twin, and a change entirely inside
   * parts it may not read is not sent at all (an event with only the thing id would read as a
   * deletion).
   */
  private boolean visible(Caller caller, TwinEvent event) {
    if (caller.unrestricted()) {
      return true;
    }
    Target target = target(event);
    if (!enforcement.canSee(caller, target)) {
      return false;
    }
    if (event.kind() == TwinEvent.Kind.DELETED) {
      return true;
    }
    JsonObject full = ThingJson.change(event, Optional.empty());
    JsonObject view = enforcement.view(caller, target, full).remove("thingId");
    return ThingJson.hasLeaf(view);
  }

  /** The change as the caller may see it: unreadable parts of it are left out. */
  private JsonObject render(Caller caller, TwinEvent event, Optional<JsonFieldSelector> fields) {
    JsonObject full =
        event.kind() == TwinEvent.Kind.CREATED
            ? created(event, Optional.empty())
            : ThingJson.change(event, Optional.empty());
    if (caller.unrestricted()) {
      return fields.isPresent() ? full.get(fields.get()) : full;
    }
    JsonObject view = enforcement.view(caller, target(event), full);
    return fields.isPresent() ? view.get(fields.get()) : view;
  }

  /**
   * The whole new thing. Events are published while the twin service is still storing the new
   * state, so the map may not show it yet; the event itself then describes the new thing.
   */
  private JsonObject created(TwinEvent event, Optional<JsonFieldSelector> fields) {
    if (!event.delta().isEmpty()) {
      return ThingJson.change(event, fields);
    }
    return twins
        .get(event.thingId())
        .filter(t -> t.getRevision().map(r -> r.toLong() >= event.revision()).orElse(false))
        .map(t -> ThingJson.thing(t, fields))
        .orElseGet(() -> ThingJson.change(event, fields));
  }
}
