package io.twinwright.api.http;

import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent event streams of one kind of change, one {@code data:} line per change.
 *
 * <p>Sources call the stream on the thread that made the change, so a stream only filters and hands
 * the change to the connection's event loop. A client that does not keep up (too many changes in
 * flight, or a full write queue) is disconnected rather than buffered without bound or allowed to
 * slow the source; it can reconnect and re-read what it cares about. Every subscription ends when
 * its connection closes, and all of them on {@link #closeAll()}.
 *
 * @param <T> the change type
 */
public final class ServerSentEvents<T> {
  /** The media type a client asks for in {@code Accept}. */
  public static final String MEDIA_TYPE = "text/event-stream";

  private static final Logger LOG = LoggerFactory.getLogger(ServerSentEvents.class);

  private final int queueLimit;
  private final Set<Stream> open = ConcurrentHashMap.newKeySet();

  /**
   * @param queueLimit changes one client may have in flight before it counts as too slow
   */
  public ServerSentEvents(int queueLimit) {
    if (queueLimit < 1) {
      throw new IllegalArgumentException("queueLimit must be positive");
    }
    this.queueLimit = queueLimit;
  }

  /** Whether the request asks for an event stream. */
  public static boolean wanted(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.contains(MEDIA_TYPE);
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

  /**
   * Answers the request with a stream. Parse and validate the request before calling this, so bad
   * parameters still get an error response; a subscription that fails also still gets one.
   *
   * @param subscribe subscribes the given consumer to the source and returns the handle that ends
   *     the subscription
   * @param filter which changes this client wants
   * @param render one change as the text of its {@code data:} line (no line breaks)
   */
  public void open(
      RoutingContext ctx,
      Function<Consumer<T>, AutoCloseable> subscribe,
      Predicate<T> filter,
      Function<T, String> render) {
    HttpServerResponse response = ctx.response();
    Stream stream =
        new Stream(ctx.request(), response, ctx.vertx().getOrCreateContext(), filter, render);
    // Subscribe before the headers go out: a client that has them sees every later change, and a
    // refused subscription still becomes an ordinary error response.
    stream.attach(subscribe.apply(stream::offer));
    open.add(stream);
    response
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    response.closeHandler(v -> stream.unsubscribe());
    response.exceptionHandler(e -> stream.unsubscribe());
    if (response.closed()) {
      stream.unsubscribe();
      return;
    }
    response.writeHead().onFailure(e -> stream.unsubscribe());
  }

  private final class Stream {
    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Context context;
    private final Predicate<T> filter;
    private final Function<T, String> render;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AutoCloseable subscription;

    Stream(
        HttpServerRequest request,
        HttpServerResponse response,
        Context context,
        Predicate<T> filter,
        Function<T, String> render) {
      this.request = request;
      this.response = response;
      this.context = context;
      this.filter = filter;
      this.render = render;
    }

    /** Called on the source's thread: filter, then hand over without blocking. */
    void offer(T change) {
      if (closed.get() || !filter.test(change)) {
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
            deliver(change);
          });
    }

    /** On the connection's event loop. */
    private void deliver(T change) {
      if (closed.get()) {
        return;
      }
      if (response.writeQueueFull()) {
        LOG.info("disconnecting event stream client {}: write queue full", request.remoteAddress());
        unsubscribe();
        disconnect();
        return;
      }
      response.write("data:" + render.apply(change) + "\n\n");
    }

    void attach(AutoCloseable handle) {
      subscription = handle;
    }

    /** Ends the subscription once; true for the caller that ended it. */
    boolean unsubscribe() {
      if (!closed.compareAndSet(false, true)) {
        return false;
      }
      open.remove(this);
      AutoCloseable handle = subscription;
      if (handle != null) {
        try {
          handle.close();
        } catch (Exception e) {
          LOG.warn("closing an event subscription failed: {}", e.toString());
        }
      }
      return true;
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
