package io.twinwright.bench.sse;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows the twin changes of a set of things over {@code GET /api/2/things?ids=…} with {@code
 * Accept: text/event-stream}. Normally one connection; when the id list would make the request line
 * longer than servers accept by default (Vert.x: 4096 characters), the ids are split over several
 * connections.
 */
public final class TwinStream {
  /** Leaves room for the method, path and protocol within a 4096-character request line. */
  public static final int MAX_IDS_CHARS = 3_800;

  /** How long to wait for the stream's response headers before treating it as open anyway. */
  private static final long HEADERS_GRACE_MILLIS = 2_000;

  /** Receives the decoded updates, on a Vert.x event loop; must not block. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param update the decoded change
     * @param arrivalNanos {@link System#nanoTime()} when the event was complete
     */
    void onUpdate(TwinUpdate update, long arrivalNanos);
  }

  private final HttpClient client;
  private final AtomicLong undecodable;
  private final AtomicLong endedEarly;
  private volatile boolean closing;

  private Optional<String> authorization = Optional.empty();

  private TwinStream(HttpClient client, AtomicLong undecodable, AtomicLong endedEarly) {
    this.client = client;
    this.undecodable = undecodable;
    this.endedEarly = endedEarly;
  }

  /**
   * Opens the stream; the future completes once every connection has answered 200 and fails with a
   * message naming the URL otherwise.
   */
  public static Future<TwinStream> open(
      Vertx vertx,
      URI apiUrl,
      Optional<String> authorization,
      List<String> thingIds,
      Listener listener) {
    Objects.requireNonNull(listener, "listener");
    List<String> queries = partition(thingIds, MAX_IDS_CHARS);
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(Math.max(1, queries.size())));
    TwinStream stream = new TwinStream(client, new AtomicLong(), new AtomicLong());
    stream.authorization = Objects.requireNonNull(authorization, "authorization");
    List<Future<Void>> connections = new ArrayList<>();
    for (String ids : queries) {
      connections.add(stream.connect(vertx, apiUrl.resolve("/api/2/things?ids=" + ids), listener));
    }
    return Future.all(connections)
        .map(stream)
        .recover(failure -> client.close().transform(ignored -> Future.failedFuture(failure)));
  }

  /**
   * Joins ids with commas into as few query values as possible, each at most {@code maxChars} long
   * (a single longer id gets a value of its own).
   */
  public static List<String> partition(List<String> thingIds, int maxChars) {
    if (thingIds.isEmpty()) {
      throw new IllegalArgumentException("at least one thing id is needed");
    }
    List<String> queries = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String id : thingIds) {
      if (current.length() > 0 && current.length() + 1 + id.length() > maxChars) {
        queries.add(current.toString());
        current.setLength(0);
      }
      if (current.length() > 0) {
        current.append(',');
      }
      current.append(id);
    }
    queries.add(current.toString());
    return List.copyOf(queries);
  }

  private Future<Void> connect(Vertx vertx, URI uri, Listener listener) {
    TwinUpdateDecoder decoder = new TwinUpdateDecoder();
    SseParser parser =
        new SseParser(
            data -> {
              long arrival = System.nanoTime();
              try {
                decoder.decode(data).ifPresent(update -> listener.onUpdate(update, arrival));
              } catch (IllegalArgumentException e) {
                undecodable.incrementAndGet();
              }
            });
    RecordParser lines = RecordParser.newDelimited("\n", line -> parser.line(line.toString()));
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(uri.toString())
            .putHeader("Accept", "text/event-stream");
    authorization.ifPresent(a -> request.putHeader("Authorization", a));
    return client
        .request(request)
        .compose(
            req -> {
              Promise<Void> ready = Promise.promise();
              req.response()
                  .onSuccess(
                      response -> {
                        if (response.statusCode() == 200) {
                          follow(response, lines);
                          ready.tryComplete();
                        } else {
                          endedEarly.incrementAndGet();
                          ready.tryFail(
                              "twin stream " + uri + " answered HTTP " + response.statusCode());
                        }
                      })
                  .onFailure(failure -> ready.tryFail(failure));
              // a server may hold back its headers until the first event, which comes only once
              // the generator publishes: after a grace period a sent request counts as open
              req.end()
                  .onSuccess(
                      sent -> vertx.setTimer(HEADERS_GRACE_MILLIS, id -> ready.tryComplete()))
                  .onFailure(failure -> ready.tryFail(failure));
              return ready.future();
            })
        .recover(
            failure ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot open twin stream " + uri + ": " + failure.getMessage(), failure)));
  }

  private void follow(HttpClientResponse response, RecordParser lines) {
    response.handler(lines);
    response.endHandler(
        ignored -> {
          if (!closing) {
            endedEarly.incrementAndGet();
          }
        });
    response.exceptionHandler(
        failure -> {
          if (!closing) {
            endedEarly.incrementAndGet();
          }
        });
  }

  /** Events whose data was not JSON. */
  public long undecodableEvents() {
    return undecodable.get();
  }

  /** Connections the platform refused, ended or broke before the generator closed them. */
  public long connectionsEndedEarly() {
    return endedEarly.get();
  }

  public Future<Void> close() {
    closing = true;
    return client.close();
  }
}
