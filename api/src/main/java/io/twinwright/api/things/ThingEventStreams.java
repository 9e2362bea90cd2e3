package io.twinwright.api.things;

import io.twinwright.api.http.Requests;
import io.twinwright.twin.TwinEvent;
import io.twinwright.twin.TwinService;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.ditto.json.JsonFieldSelector;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events of twin changes on {@code GET /api/2/things}, as Ditto sends them: one {@code
 * data:} line per change with the changed part of the thing (the whole thing when it was created).
 *
 * <p>The twin service calls subscribers on the thread that applied the change, so a subscriber only
 * filters and hands the event to the connection's event loop. A client that does not keep up (too
 * many events in flight, or a full write queue) is disconnected rather than buffered without bound
 * or allowed to slow the twin service; it can reconnect and re-read the twins it cares about. Every
 * subscription ends when its connection closes, and all of them when the server stops.
 */
public final class ThingEventStreams {
  static final String MEDIA_TYPE = "text/event-stream";
  private static final Logger LOG = LoggerFactory.getLogger(ThingEventStreams.class);

  private final TwinService twins;
  private final int queueLimit;
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();

  public ThingEventStreams(TwinService twins, int queueLimit) {
    this.twins = twins;
    this.queueLimit = queueLimit;
  }

  /** Streams currently open. */
  public int openStreams() {
    return open.size();
  }

  /** Ends every stream's subscription and closes its connection. */
  public void closeAll() {
    for (Stream stream : open) {
      stream.context.runOnContext(v -> stream.disconnect());
      stream.unsubscribe();
    }
  }

  void open(RoutingContext ctx) {
    // Parse everything before committing to a stream, so bad parameters still get a 400.
    Set<String> ids =
        Requests.commaSeparated(ctx, "ids").stream()
            .map(id -> ThingId.of(id).toString())
            .collect(Collectors.toUnmodifiableSet());
    Set<String> namespaces = Set.copyOf(Requests.commaSeparated(ctx, "namespaces"));
    Optional<JsonFieldSelector> fields = ThingJson.fields(Requests.param(ctx, "fields"));

    HttpServerResponse response = ctx.response();
    response
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    Stream stream =
        new Stream(
            ctx.request(), response, ctx.vertx().getOrCreateContext(), ids, namespaces, fields);
    open.add(stream);
    stream.attach(twins.subscribe(stream::offer));
    response.closeHandler(v -> stream.unsubscribe());
    response.exceptionHandler(e -> stream.unsubscribe());
    if (response.closed()) {
      stream.unsubscribe();
      return;
    }
    // Headers go out only after the subscription exists: a client that has them sees every later
    // change.
    response.writeHead().onFailure(e -> stream.unsubscribe());
  }

  private final class Stream {
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Context context;
    private final Set<String> ids;
    private final Set<String> namespaces;
    private final Optional<JsonFieldSelector> fields;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AutoCloseable subscription;

    Stream(
        HttpServerRequest request,
        HttpServerResponse response,
        Context context,
        Set<String> ids,
        Set<String> namespaces,
        Optional<JsonFieldSelector> fields) {
      this.request = request;
      this.response = response;
      this.context = context;
      this.ids = ids;
      this.namespaces = namespaces;
      this.fields = fields;
    }

    /** Called on the twin service's thread: filter, then hand over without blocking. */
    void offer(TwinEvent event) {
      if (closed.get() || !wanted(event)) {
        return;
      }
      if (inFlight.incrementAndGet() > queueLimit) {
        if (unsubscribe()) {
          LOG.info("disconnecting slow event stream client {}", request.remoteAddress());
          context.runOnContext(v -> disconnect());
        }
        return;
      }
      context.runOnContext(
          v -> {
            inFlight.decrementAndGet();
            deliver(event);
          });
    }

    private boolean wanted(TwinEvent event) {
      return event.kind() != TwinEvent.Kind.DELETED
          && (ids.isEmpty() || ids.contains(event.thingId()))
          && (namespaces.isEmpty() || namespaces.contains(event.device().tenant().value()));
    }

    /** On the connection's event loop. */
    private void deliver(TwinEvent event) {
      if (closed.get()) {
        return;
      }
      if (response.writeQueueFull()) {
        LOG.info("disconnecting event stream client {}: write queue full", request.remoteAddress());
        unsubscribe();
        disconnect();
        return;
      }
      JsonObject json =
          event.kind() == TwinEvent.Kind.CREATED ? created(event) : ThingJson.change(event, fields);
      response.write("data:" + json + "\n\n");
    }

    void attach(AutoCloseable handle) {
      subscription = handle;
      if (closed.get()) {
        // Closed while subscribing (server stopping): do not leave the subscription behind.
        close(handle);
      }
    }

    /**
     * The whole new thing. Events are published while the twin service is still storing the new
     * state, so the map may not show it yet; the event itself then describes the new thing.
     */
    private JsonObject created(TwinEvent event) {
      return twins
          .get(event.thingId())
          .filter(t -> t.getRevision().map(r -> r.toLong() >= event.revision()).orElse(false))
          .map(t -> ThingJson.thing(t, fields))
          .orElseGet(() -> ThingJson.change(event, fields));
    }

    /** Ends the subscription once; true for the caller that ended it. */
    boolean unsubscribe() {
      if (!closed.compareAndSet(false, true)) {
        return false;
      }
      open.remove(this);
      AutoCloseable handle = subscription;
      if (handle != null) {
        close(handle);
      }
      return true;
    }

    private void close(AutoCloseable handle) {
      try {
        handle.close();
      } catch (Exception e) {
        LOG.warn("closing a twin subscription failed: {}", e.toString());
      }
    }

    /** On the connection's event loop. */
    void disconnect() {
      if (request.version() == HttpVersion.HTTP_2) {
        response.reset();
      } else {
        request.connection().close();
      }
    }
  }
}
