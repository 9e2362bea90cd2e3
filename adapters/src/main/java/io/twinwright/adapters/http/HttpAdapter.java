package io.twinwright.adapters.http;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.ContentTypes;
import io.twinwright.adapters.DeviceEventListener;
import io.twinwright.adapters.Downstream;
import io.twinwright.adapters.DownstreamException;
import io.twinwright.adapters.registry.AuthResult;
import io.twinwright.adapters.registry.DeviceLogin;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceMessage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP device endpoint with Hono's conventions: {@code POST /telemetry} and {@code POST
 * /event}, Basic auth as {@code auth-id@tenant:password}, header {@value #QOS_LEVEL} for
 * at-least-once telemetry.
 *
 * <p>Every upload waits for {@link Downstream#send}: 202 once the message is durable (events,
 * {@code qos-level: 1}) or accepted (QoS 0). Errors are answered with Hono's status codes and a
 * plain-text reason: 400 bad request, 401 bad credentials, 403 device disabled or quarantined, 404
 * unknown path, 413 payload too large, 503 platform unavailable.
 *
 * <p>Deploy it as a verticle, or call {@link #start()} and {@link #stop()} directly.
 */
public final class HttpAdapter extends VerticleBase {

  public static final String PROTOCOL = "http";
  public static final String QOS_LEVEL = "qos-level";

  /** Header with the time the device created the message (milliseconds since the epoch). */
  public static final String CREATION_TIME = "creation-time";

  public static final String REALM = "Basic realm=\"Hono\"";

  private static final Logger LOG = LoggerFactory.getLogger(HttpAdapter.class);

  private final AdapterConfig config;
  private final DeviceRegistry registry;
  private final Downstream downstream;
  private final DeviceEventListener listener;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  private volatile HttpServer server;

  public HttpAdapter(
      Vertx vertx,
      AdapterConfig config,
      DeviceRegistry registry,
      Downstream downstream,
      DeviceEventListener listener) {
    // set here so that start() also works without deployment; deployment sets the same instance
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Starts listening; completes with the actual port (useful when configured with port 0). */
  @Override
  public Future<Integer> start() {
    Router router = Router.router(vertx);
    BodyHandler body =
        BodyHandler.create(false)
            .setBodyLimit(config.maxPayloadBytes())
            .setHandleFileUploads(false);
    router.post("/telemetry").handler(body).handler(ctx -> upload(ctx, Channel.TELEMETRY));
    router.post("/event").handler(body).handler(ctx -> upload(ctx, Channel.EVENT));
    router.route().failureHandler(this::onFailure);
    router.errorHandler(404, ctx -> respond(ctx, 404, "unknown resource"));
    router.errorHandler(405, ctx -> respond(ctx, 405, "method not allowed"));

    HttpServer created =
        vertx
            .createHttpServer(
                new HttpServerOptions().setHost(config.host()).setPort(config.httpPort()))
            .requestHandler(router);
    server = created;
    return created
        .listen()
        .map(
            listening -> {
              LOG.info("HTTP adapter listening on {}:{}", config.host(), listening.actualPort());
              return listening.actualPort();
            });
  }

  @Override
  public Future<Void> stop() {
    HttpServer running = server;
    server = null;
    return running == null ? Future.succeededFuture() : running.close();
  }

  /** The port the adapter listens on, or 0 when it is not started. */
  public int actualPort() {
    HttpServer running = server;
    return running == null ? 0 : running.actualPort();
  }

  /** Messages the downstream took. */
  public long messagesAccepted() {
    return accepted.sum();
  }

  /** Uploads answered with an error of any kind. */
  public long messagesRejected() {
    return rejected.sum();
  }

  private void upload(RoutingContext ctx, Channel channel) {
    Instant receivedAt = Instant.now();
    String remote = String.valueOf(ctx.request().remoteAddress());
    Optional<String[]> basic = basicCredentials(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    Optional<DeviceLogin> login =
        basic.flatMap(userAndPassword -> DeviceLogin.parse(userAndPassword[0]));
    if (login.isEmpty()) {
      ctx.fail(new HttpException(401, "missing or malformed credentials"));
      return;
    }
    int qos;
    try {
      qos = qos(channel, ctx.request().getHeader(QOS_LEVEL));
    } catch (IllegalArgumentException e) {
      ctx.fail(new HttpException(400, e.getMessage()));
      return;
    }
    Optional<Instant> createdAt;
    try {
      createdAt = creationTime(ctx.request().getHeader(CREATION_TIME));
    } catch (IllegalArgumentException e) {
      ctx.fail(new HttpException(400, e.getMessage()));
      return;
    }
    DeviceLogin who = login.get();
    registry
        .authenticate(who.tenant(), who.authId(), basic.get()[1])
        .compose(
            result -> {
              if (result instanceof AuthResult.Refused no) {
                listener.authenticationFailed(
                    who.tenant(), who.authId(), no.device(), remote, receivedAt);
                return Future.failedFuture(
                    no.reason().badCredentials()
                        ? new HttpException(401, "bad credentials")
                        : new HttpException(403, "device not authorized"));
              }
              AuthResult.Authenticated ok = (AuthResult.Authenticated) result;
              Buffer payload = ctx.body().buffer();
              byte[] bytes = payload == null ? new byte[0] : payload.getBytes();
              String contentType =
                  Optional.ofNullable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))
                      .filter(s -> !s.isBlank())
                      .orElse(ContentTypes.DEFAULT);
              if (!ContentTypes.acceptsPayload(contentType, bytes.length)) {
                return Future.failedFuture(new HttpException(400, "empty payload"));
              }
              return send(
                  new DeviceMessage(
                      ok.id(),
                      channel,
                      qos,
                      contentType,
                      bytes,
                      receivedAt,
                      ok.registration().profile(),
                      createdAt.orElse(receivedAt)));
            })
        .onSuccess(
            ignored -> {
              accepted.increment();
              ctx.response().setStatusCode(202).end();
            })
        .onFailure(ctx::fail);
  }

  /**
   * The {@code creation-time} header: when the device created the message, in milliseconds since
   * the epoch (the name Hono gives the property downstream), for readings sent late.
   */
  private static Optional<Instant> creationTime(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String text = header.trim();
    if (text.length() > 15 || !text.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          CREATION_TIME + " must be milliseconds since the epoch, got: " + header);
    }
    return Optional.of(Instant.ofEpochMilli(Long.parseLong(text)));
  }

  private Future<Void> send(DeviceMessage message) {
    Future<Void> sent;
    try {
      sent = Objects.requireNonNull(downstream.send(message), "downstream returned null");
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.recover(
        e -> {
          int status = DownstreamException.statusOf(e);
          return Future.failedFuture(
              status < 500
                  ? new HttpException(status, "payload rejected: " + e.getMessage())
                  : new HttpException(503, "temporarily unavailable, try again later"));
        });
  }

  /** The one place where failures become responses. */
  private void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status;
    String reason;
    if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      reason = Optional.ofNullable(http.getPayload()).orElse("");
    } else if (failure == null && ctx.statusCode() > 0) {
      status = ctx.statusCode(); // e.g. 413 from the body handler
      reason = status == 413 ? "payload too large" : "request failed";
    } else {
      LOG.warn("HTTP upload failed", failure);
      status = 503;
      reason = "temporarily unavailable, try again later";
    }
    respond(ctx, status, reason);
  }

  private void respond(RoutingContext ctx, int status, String reason) {
    if (ctx.response().ended()) {
      return;
    }
    if (status != 202) {
      rejected.increment();
    }
    if (status == 401) {
      ctx.response().putHeader("WWW-Authenticate", REALM);
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(reason);
  }

  private static int qos(Channel channel, String header) {
    if (channel == Channel.EVENT) {
      return 1; // events are always at least once
    }
    if (header == null) {
      return 0;
    }
    return switch (header.trim()) {
      case "0" -> 0;
      case "1" -> 1;
      default -> throw new IllegalArgumentException("qos-level must be 0 or 1");
    };
  }

  /** {@code [user, password]} from a Basic Authorization header. */
  private static Optional<String[]> basicCredentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? Optional.empty()
        : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }
}
