package io.twinwright.adapters.http;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.ContentTypes;
import io.twinwright.adapters.DeviceEventListener;
import io.twinwright.adapters.Downstream;
import io.twinwright.adapters.DownstreamException;
import io.twinwright.adapters.command.Command;
import io.twinwright.adapters.command.CommandConsumer;
import io.twinwright.adapters.command.CommandException;
import io.twinwright.adapters.command.CommandGateway;
import io.twinwright.adapters.command.CommandResponse;
import io.twinwright.adapters.limits.DeviceLimits;
import io.twinwright.adapters.limits.Throttled;
import io.twinwright.adapters.limits.Verdict;
import io.twinwright.adapters.registry.AuthResult;
import io.twinwright.adapters.registry.Delegation;
import io.twinwright.adapters.registry.Device;
import io.twinwright.adapters.registry.DeviceLogin;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP device endpoint with Hono's conventions: {@code POST /telemetry} and {@code POST
 * /event}, Basic auth as {@code auth-id@tenant:password}, header {@value #QOS_LEVEL} for
 * at-least-once telemetry.
 *
 * <p>A gateway sends for a device with {@code PUT /telemetry/<tenant>/<device>} and {@code PUT
 * /event/<tenant>/<device>}: 403 unless the device's registration lists the gateway in {@code via}
 * (or names another tenant), 404 for an unknown device the gateway may not provision.
 *
 * <p>Every upload waits for {@link Downstream#send}: 202 once the message is durable (events,
 * {@code qos-level: 1}) or accepted (QoS 0). Errors are answered with Hono's status codes and a
 * plain-text reason: 400 bad request, 401 bad credentials, 403 device disabled or quarantined, 404
 * unknown path, 413 payload too large, 503 platform unavailable.
 *
 * <p>Commands: an upload with {@value #TTD} (header or query parameter, in seconds, capped to the
 * configured maximum) waits that long for a command once the message is accepted, and answers 200
 * with the command as body and headers {@value #COMMAND} and, for request/response commands,
 * {@value #COMMAND_REQUEST_ID}; 202 if none came. The device answers a request with {@code POST
 * /command/res/<request-id>?hono-cmd-status=<status>} (a gateway for one of its devices with {@code
 * /command/res/<tenant>/<device>/<request-id>}): 202 passed on, 400 missing or invalid status, 404
 * no such request waits.
 *
 * <p>Deploy it as a verticle, or call {@link #start()} and {@link #stop()} directly.
 */
public final class HttpAdapter extends VerticleBase {

  public static final String PROTOCOL = "http";
  public static final String QOS_LEVEL = "qos-level";

  /** Header with the time the device created the message (milliseconds since the epoch). */
  public static final String CREATION_TIME = "creation-time";

  public static final String REALM = "Basic realm=\"Hono\"";
  public static final String TTD = "hono-ttd";
  public static final String COMMAND = "hono-command";
  public static final String COMMAND_REQUEST_ID = "hono-cmd-req-id";
  public static final String COMMAND_STATUS = "hono-cmd-status";

  private static final Logger LOG = LoggerFactory.getLogger(HttpAdapter.class);

  private final AdapterConfig config;
  private final DeviceRegistry registry;
  private final Downstream downstream;
  private final DeviceEventListener listener;
  private final CommandGateway commands;
  private final DeviceLimits limits;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  private volatile HttpServer server;

  public HttpAdapter(
      Vertx vertx,
      AdapterConfig config,
      DeviceRegistry registry,
      Downstream downstream,
      DeviceEventListener listener) {
    this(vertx, config, registry, downstream, listener, CommandGateway.NONE);
  }

  public HttpAdapter(
      Vertx vertx,
      AdapterConfig config,
      DeviceRegistry registry,
      Downstream downstream,
      DeviceEventListener listener,
      CommandGateway commands) {
    this(
        vertx, config, registry, downstream, listener, commands, new DeviceLimits(config.limits()));
  }

  /**
   * @param limits shared with the platform's other adapters, so that a device's rate counts
   *     whichever endpoint it uses
   */
  public HttpAdapter(
      Vertx vertx,
      AdapterConfig config,
      DeviceRegistry registry,
      Downstream downstream,
      DeviceEventListener listener,
      CommandGateway commands,
      DeviceLimits limits) {
    // set here so that start() also works without deployment; deployment sets the same instance
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.commands = Objects.requireNonNull(commands, "commands");
    this.limits = Objects.requireNonNull(limits, "limits");
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
    // Hono's gateway forms: a gateway sends for a device that names it in its registration's via
    router
        .put("/telemetry/:tenant/:deviceId")
        .handler(body)
        .handler(ctx -> upload(ctx, Channel.TELEMETRY));
    router.put("/event/:tenant/:deviceId").handler(body).handler(ctx -> upload(ctx, Channel.EVENT));
    router
        .post("/command/res/:requestId")
        .handler(body)
        .handler(ctx -> commandResponse(ctx, Optional.empty()));
    router
        .post("/command/res/:tenant/:device/:requestId")
        .handler(body)
        .handler(
            ctx ->
                commandResponse(
                    ctx,
                    Optional.of(new String[] {ctx.pathParam("tenant"), ctx.pathParam("device")})));
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
    Context context = vertx.getOrCreateContext();
    int qos;
    long ttdMillis;
    try {
      qos = qos(channel, ctx.request().getHeader(QOS_LEVEL));
      ttdMillis = ttdMillis(ctx);
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
    authenticate(ctx, receivedAt)
        .compose(ok -> origin(ctx, ok, receivedAt))
        .compose(
            origin -> {
              listener.seen(origin.id(), PROTOCOL, receivedAt);
              Verdict verdict = limits.message(origin.id());
              if (!verdict.allowed()) {
                listener.rateLimited(origin.id(), verdict.kind(), receivedAt);
                return Future.failedFuture(
                    new TooManyRequests(
                        verdict.kind() + " limit exceeded, try again later",
                        verdict.retryAfterSeconds()));
              }
              Buffer payload = ctx.body().buffer();
              byte[] bytes = payload == null ? new byte[0] : payload.getBytes();
              String contentType =
                  Optional.ofNullable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))
                      .filter(s -> !s.isBlank())
                      .orElse(ContentTypes.DEFAULT);
              if (!ContentTypes.acceptsPayload(contentType, bytes.length)) {
                return Future.failedFuture(new HttpException(400, "empty payload"));
              }
              return send(new DeviceMessage(
                      origin.id(),
                      channel,
                      qos,
                      contentType,
                      bytes,
                      receivedAt,
                      origin.registration().profile(),
                      createdAt.orElse(receivedAt)))
                  .map(origin.id());
            })
        .onSuccess(
            device -> {
              accepted.increment();
              if (ttdMillis > 0) {
                awaitCommand(ctx, context, device, ttdMillis);
              } else {
                ctx.response().setStatusCode(202).end();
              }
            })
        .onFailure(ctx::fail);
  }

  /**
   * The device a request is for: the authenticated one, or on the gateway forms {@code
   * /<channel>/<tenant>/<device>} the named device, if the authenticated gateway may send for it.
   */
  private Future<Device> origin(
      RoutingContext ctx, AuthResult.Authenticated login, Instant receivedAt) {
    String tenant = ctx.pathParam("tenant");
    String deviceId = ctx.pathParam("deviceId");
    if (tenant == null || deviceId == null) {
      return Future.succeededFuture(new Device(login.id(), login.registration(), false));
    }
    if (!tenant.equals(login.id().tenant().value())) {
      return Future.failedFuture(new HttpException(403, "not authorized for tenant " + tenant));
    }
    if (!DeviceId.isValid(deviceId)) {
      return Future.failedFuture(new HttpException(400, "invalid device id"));
    }
    DeviceId target = new DeviceId(login.id().tenant(), deviceId);
    if (target.equals(login.id())) {
      return Future.succeededFuture(new Device(login.id(), login.registration(), false));
    }
    return registry
        .delegate(login.id(), target)
        .compose(
            decided -> {
              if (decided instanceof Delegation.Allowed allowed) {
                if (allowed.provisioned()) {
                  listener.provisioned(
                      target,
                      allowed.device().registration(),
                      "gateway " + login.id().id(),
                      receivedAt);
                }
                return Future.succeededFuture(allowed.device());
              }
              Delegation.Reason reason = ((Delegation.Refused) decided).reason();
              return Future.failedFuture(
                  reason == Delegation.Reason.UNKNOWN_DEVICE
                      ? new HttpException(404, "unknown device " + deviceId)
                      : new HttpException(403, "not authorized to send for " + deviceId));
            });
  }

  /** Checks the Basic credentials; fails with 401 or 403 (and reports refused ones). */
  private Future<AuthResult.Authenticated> authenticate(RoutingContext ctx, Instant at) {
    String remote = String.valueOf(ctx.request().remoteAddress());
    Optional<String[]> basic = basicCredentials(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    Optional<DeviceLogin> login =
        basic.flatMap(userAndPassword -> DeviceLogin.parse(userAndPassword[0]));
    if (login.isEmpty()) {
      return Future.failedFuture(new HttpException(401, "missing or malformed credentials"));
    }
    DeviceLogin who = login.get();
    String host =
        ctx.request().remoteAddress() == null ? remote : ctx.request().remoteAddress().host();
    Optional<Throttled> throttled = limits.loginThrottled(who.tenant(), who.authId(), host);
    if (throttled.isPresent()) {
      // refused before the password is hashed: that is what a brute-force attacker makes us pay
      listener.authenticationFailed(
          who.tenant(), who.authId(), throttled.get().device(), remote, at);
      return Future.failedFuture(
          new TooManyRequests(
              "too many failed logins, try again later",
              config.limits().authFailureWindow().toSeconds()));
    }
    return registry
        .authenticate(who.tenant(), who.authId(), basic.get()[1])
        .compose(
            result -> {
              if (result instanceof AuthResult.Refused no) {
                if (no.reason().badCredentials()) {
                  limits.loginFailed(who.tenant(), who.authId(), no.device(), host);
                }
                listener.authenticationFailed(who.tenant(), who.authId(), no.device(), remote, at);
                return Future.failedFuture(
                    no.reason().badCredentials()
                        ? new HttpException(401, "bad credentials")
                        : new HttpException(403, "device not authorized"));
              }
              return Future.succeededFuture((AuthResult.Authenticated) result);
            });
  }

  /**
   * Holds the request open until a command for the device arrives (200 with the command) or the
   * time is up (202). The command counts as delivered once the response is written; a device that
   * went away meanwhile leaves it in the outbox.
   */
  private void awaitCommand(RoutingContext ctx, Context context, DeviceId device, long ttdMillis) {
    HttpServerResponse response = ctx.response();
    long[] timer = {-1};
    CommandConsumer consumer =
        command -> {
          Promise<Void> written = Promise.promise();
          context.runOnContext(
              ignored -> {
                if (response.ended() || response.closed()) {
                  written.fail(new IllegalStateException("the device stopped waiting"));
                  return;
                }
                vertx.cancelTimer(timer[0]);
                writeCommand(response, command).onComplete(written);
              });
          return written.future();
        };
    CommandGateway.Registration registration = commands.subscribe(device, consumer, true);
    // HTTP has no connection: the device counts as connected while it waits for commands
    String remote = String.valueOf(ctx.request().remoteAddress());
    // readiness first: the device then turns online with its ttd in one twin write, and nobody
    // reads it online but not reachable for commands
    listener.commandReadiness(device, PROTOCOL, (int) (ttdMillis / 1000), Instant.now());
    listener.connected(device, PROTOCOL, remote, Instant.now());
    AtomicBoolean waiting = new AtomicBoolean(true);
    Runnable done =
        () -> {
          if (waiting.compareAndSet(true, false)) {
            listener.disconnected(device, PROTOCOL, Instant.now());
            listener.commandReadiness(device, PROTOCOL, 0, Instant.now());
          }
        };
    response.endHandler(ignored -> done.run());
    timer[0] =
        vertx.setTimer(
            ttdMillis,
            ignored -> {
              registration.cancel();
              if (!response.ended() && !response.closed()) {
                response.setStatusCode(202).end();
              }
              done.run();
            });
    response.closeHandler(
        ignored -> {
          vertx.cancelTimer(timer[0]);
          registration.cancel();
          done.run();
        });
  }

  private static Future<Void> writeCommand(HttpServerResponse response, Command command) {
    response.setStatusCode(200).putHeader(COMMAND, command.name());
    command.requestId().ifPresent(id -> response.putHeader(COMMAND_REQUEST_ID, id));
    if (command.payload().length > 0) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, command.contentType());
    }
    return response.end(Buffer.buffer(command.payload()));
  }

  /** A device's (or its gateway's) response to a request/response command. */
  private void commandResponse(RoutingContext ctx, Optional<String[]> tenantAndDevice) {
    Instant at = Instant.now();
    String requestId = ctx.pathParam("requestId");
    authenticate(ctx, at)
        .compose(
            ok -> {
              int status;
              try {
                status = commandStatus(ctx);
              } catch (IllegalArgumentException e) {
                return Future.failedFuture(new HttpException(400, e.getMessage()));
              }
              Optional<DeviceId> responder = responder(ok.id(), tenantAndDevice);
              if (responder.isEmpty()) {
                return Future.failedFuture(
                    new HttpException(403, "not authorized to answer for that device"));
              }
              Buffer payload = ctx.body().buffer();
              String contentType =
                  Optional.ofNullable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))
                      .filter(s -> !s.isBlank())
                      .orElse(ContentTypes.DEFAULT);
              return commands
                  .respond(
                      new CommandResponse(
                          responder.get(),
                          requestId,
                          status,
                          contentType,
                          payload == null ? new byte[0] : payload.getBytes()))
                  .recover(
                      e ->
                          Future.failedFuture(
                              CommandException.statusOf(e) == CommandException.NO_SUCH_REQUEST
                                  ? new HttpException(404, "no command request waits for this id")
                                  : new HttpException(
                                      503, "temporarily unavailable, try again later")));
            })
        .onSuccess(ignored -> ctx.response().setStatusCode(202).end())
        .onFailure(ctx::fail);
  }

  /** The device a response is for: the authenticated one, or one it is a gateway for. */
  private Optional<DeviceId> responder(DeviceId authenticated, Optional<String[]> named) {
    if (named.isEmpty()) {
      return Optional.of(authenticated);
    }
    String tenant = named.get()[0];
    String device = named.get()[1];
    if (!tenant.equals(authenticated.tenant().value()) || !DeviceId.isValid(device)) {
      return Optional.empty();
    }
    DeviceId target = new DeviceId(authenticated.tenant(), device);
    if (target.equals(authenticated)) {
      return Optional.of(target);
    }
    return registry
        .device(target)
        .filter(d -> d.registration().via().contains(authenticated.id()))
        .map(d -> target);
  }

  private static int commandStatus(RoutingContext ctx) {
    String value =
        Optional.ofNullable(ctx.request().getParam(COMMAND_STATUS))
            .orElse(ctx.request().getHeader(COMMAND_STATUS));
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(COMMAND_STATUS + " is missing");
    }
    int status;
    try {
      status = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(COMMAND_STATUS + " must be a number");
    }
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException(COMMAND_STATUS + " must be 200..599");
    }
    return status;
  }

  /** How long to wait for a command, from the header or query parameter; 0 for not at all. */
  private long ttdMillis(RoutingContext ctx) {
    String value =
        Optional.ofNullable(ctx.request().getHeader(TTD)).orElse(ctx.request().getParam(TTD));
    if (value == null || value.isBlank()) {
      return 0;
    }
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(TTD + " must be a number of seconds");
    }
    if (seconds < 0) {
      throw new IllegalArgumentException(TTD + " must not be negative");
    }
    return Math.min(seconds, config.maxTtd().toSeconds()) * 1000;
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
    if (failure instanceof TooManyRequests limited) {
      status = 429;
      reason = limited.getMessage();
    } else if (failure instanceof HttpException http) {
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
    if (ctx.failure() instanceof TooManyRequests limited) {
      ctx.response()
          .putHeader(
              HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, limited.retryAfterSeconds)));
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

  /** A request over a limit: 429 with Retry-After. */
  private static final class TooManyRequests extends RuntimeException {
    final long retryAfterSeconds;

    TooManyRequests(String reason, long retryAfterSeconds) {
      super(reason, null, false, false);
      this.retryAfterSeconds = retryAfterSeconds;
    }
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
