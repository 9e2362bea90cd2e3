package io.twinwright.adapters.coap;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.ContentTypes;
import io.twinwright.adapters.DeviceEventListener;
import io.twinwright.adapters.Downstream;
import io.twinwright.adapters.DownstreamException;
import io.twinwright.adapters.command.Command;
import io.twinwright.adapters.command.CommandConsumer;
import io.twinwright.adapters.command.CommandGateway;
import io.twinwright.adapters.command.CommandResponse;
import io.twinwright.adapters.limits.DeviceLimits;
import io.twinwright.adapters.limits.Verdict;
import io.twinwright.adapters.registry.AuthFailure;
import io.twinwright.adapters.registry.AuthResult;
import io.twinwright.adapters.registry.DeviceLogin;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.ServerHandshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP device endpoint with Hono's conventions, on Californium: plain CoAP (UDP) and CoAP over
 * DTLS with pre-shared keys.
 *
 * <p>Over DTLS a device authenticates in the handshake with PSK identity {@code auth-id@tenant} and
 * the key of its {@code psk} credentials, then {@code POST}s to {@code /telemetry} ({@code /t}) or
 * {@code /event} ({@code /e}). A gateway {@code PUT}s to {@code /telemetry/<tenant>/<device>} for a
 * device whose registration lists the gateway in {@code via}. Plain CoAP has no authentication: it
 * accepts only {@code PUT /telemetry/<tenant>/<device>}, and only when {@link
 * AdapterConfig#coapAllowUnauthenticated()} is set (Hono's unauthenticated devices); otherwise it
 * answers 4.01. POST and PUT are treated alike.
 *
 * <p>The message type decides the delivery guarantee: a CON request is answered 2.04 only once
 * {@link Downstream#send} reports the message durable (at least once); NON is at most once. Events
 * must be CON. With {@code ?hono-ttd=<seconds>} the device waits for a command: it gets 2.05 with
 * the command (name in Location-Query {@code hono-command=<name>}, Location-Path {@code command} or
 * {@code command_response/<request-id>}), or 2.04 when none came in time. Command responses go to
 * {@code /command_response/<request-id>?hono-cmd-status=<status>} ({@code /cr/...}).
 *
 * <p>Errors: 4.00 bad request, 4.01 not authenticated, 4.03 device disabled, quarantined or not
 * served by this gateway, 4.04 unknown resource, device or command request, 4.05 method, 4.13
 * payload too large, 5.03 platform unavailable; the reason is in the payload as text.
 *
 * <p>Californium's threads only hand requests over to a Vert.x event loop, where they are handled
 * without blocking (the registry answers from memory).
 */
public final class CoapAdapter extends VerticleBase {

  public static final String PROTOCOL = "coap";
  public static final String TTD = "hono-ttd";
  public static final String EMPTY = "empty";
  public static final String COMMAND_STATUS = "hono-cmd-status";
  public static final String COMMAND_NAME = "hono-command";

  /** Longer waits are cut to this: a device waiting minutes holds server state for nothing. */
  public static final int MAX_TTD_SECONDS = 60;

  private static final Logger LOG = LoggerFactory.getLogger(CoapAdapter.class);

  private final AdapterConfig config;
  private final DeviceRegistry registry;
  private final Downstream downstream;
  private final CommandGateway commands;
  private final DeviceEventListener listener;
  private final DeviceLimits limits;
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();

  private volatile CoapServer server;
  private volatile Endpoint plain;
  private volatile Endpoint secure;
  private volatile Context context;

  public CoapAdapter(
      Vertx vertx,
      AdapterConfig config,
      DeviceRegistry registry,
      Downstream downstream,
      CommandGateway commands,
      DeviceEventListener listener) {
    this(
        vertx, config, registry, downstream, commands, listener, new DeviceLimits(config.limits()));
  }

  /**
   * @param limits shared with the platform's other adapters, so that a device's rate counts
   *     whichever endpoint it uses
   */
  public CoapAdapter(
      Vertx vertx,
      AdapterConfig config,
      DeviceRegistry registry,
      Downstream downstream,
      CommandGateway commands,
      DeviceEventListener listener,
      DeviceLimits limits) {
    // set here so that start() also works without deployment; deployment sets the same instance
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.config = Objects.requireNonNull(config, "config");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    this.commands = Objects.requireNonNull(commands, "commands");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** Binds the plain and the DTLS endpoint. */
  @Override
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    Configuration settings = settings();
    CoapServer created = new CoapServer(settings);
    for (String name : CoapPath.RESOURCES) {
      created.add(new DeviceResource(name));
    }
    Endpoint plainEndpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(settings)
            .setInetSocketAddress(new InetSocketAddress(config.host(), config.coapPort()))
            .build();
    Handshakes handshakes = new Handshakes();
    DtlsConnectorConfig dtls =
        new DtlsConnectorConfig.Builder(settings)
            .setAddress(new InetSocketAddress(config.host(), config.coapsPort()))
            .setAdvancedPskStore(new RegistryPskStore(registry))
            .setSessionListener(handshakes)
            .setConnectionListener(handshakes)
            .build();
    Endpoint secureEndpoint =
        new CoapEndpoint.Builder()
            .setConfiguration(settings)
            .setConnector(new DTLSConnector(dtls))
            .build();
    created.addEndpoint(plainEndpoint);
    created.addEndpoint(secureEndpoint);
    server = created;
    plain = plainEndpoint;
    secure = secureEndpoint;
    // binding sockets is blocking I/O
    return vertx
        .<Void>executeBlocking(
            () -> {
              created.start();
              if (!plainEndpoint.isStarted() || !secureEndpoint.isStarted()) {
                created.destroy();
                throw new IllegalStateException(
                    "cannot bind CoAP ports "
                        + config.coapPort()
                        + " and "
                        + config.coapsPort()
                        + " on "
                        + config.host());
              }
              return null;
            })
        .onSuccess(
            ignored ->
                LOG.info(
                    "CoAP adapter listening on {}: coap {}, coaps {}",
                    config.host(),
                    coapPort(),
                    coapsPort()));
  }

  @Override
  public Future<Void> stop() {
    CoapServer running = server;
    server = null;
    plain = null;
    secure = null;
    return running == null
        ? Future.succeededFuture()
        : vertx.executeBlocking(
            () -> {
              running.destroy();
              return null;
            });
  }

  /** The plain CoAP port, or 0 when the adapter is not started. */
  public int coapPort() {
    Endpoint endpoint = plain;
    return endpoint == null ? 0 : endpoint.getAddress().getPort();
  }

  /** The CoAP over DTLS port, or 0 when the adapter is not started. */
  public int coapsPort() {
    Endpoint endpoint = secure;
    return endpoint == null ? 0 : endpoint.getAddress().getPort();
  }

  /** Device messages taken: uploads the downstream took and command responses passed on. */
  public long messagesAccepted() {
    return accepted.sum();
  }

  /** Requests answered with an error of any kind. */
  public long messagesRejected() {
    return rejected.sum();
  }

  private Configuration settings() {
    Configuration settings =
        new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
    // larger bodies (sent block-wise) are refused with 4.13 by Californium itself
    settings.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, config.maxPayloadBytes());
    settings.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY);
    // RFC 7252's mandatory TLS_PSK_WITH_AES_128_CCM_8 is not on Californium's recommended list,
    // but constrained devices often support nothing else
    settings.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
    return settings;
  }

  // ---- requests

  private void onRequest(CoapExchange exchange) {
    Instant receivedAt = Instant.now();
    Request request = exchange.advanced().getRequest();
    try {
      if (request.getCode() != CoAP.Code.POST && request.getCode() != CoAP.Code.PUT) {
        throw new CoapFailure(ResponseCode.METHOD_NOT_ALLOWED, "use POST or PUT");
      }
      CoapPath path;
      try {
        path =
            CoapPath.parse(request.getOptions().getUriPath())
                .orElseThrow(() -> new CoapFailure(ResponseCode.NOT_FOUND, "unknown resource"));
      } catch (IllegalArgumentException e) {
        throw new CoapFailure(ResponseCode.BAD_REQUEST, e.getMessage());
      }
      int size = exchange.getRequestPayloadSize();
      if (size > config.maxPayloadBytes()) {
        throw new CoapFailure(
            ResponseCode.REQUEST_ENTITY_TOO_LARGE, "payload of " + size + " bytes is too large");
      }
      Target target = authorize(exchange, path, receivedAt);
      if (path.kind() == CoapPath.Kind.UPLOAD) {
        upload(exchange, path, target, receivedAt);
      } else {
        commandResponse(exchange, path, target);
      }
    } catch (CoapFailure e) {
      fail(exchange, e);
    }
  }

  /**
   * Who the request is for, and whether the sender may act for it: the DTLS-authenticated device
   * itself, a device the authenticated gateway serves, or (plain CoAP, when allowed) the device the
   * path names.
   */
  private Target authorize(CoapExchange exchange, CoapPath path, Instant at) {
    Principal peer = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
    if (peer instanceof PreSharedKeyIdentity psk) {
      DeviceLogin login =
          DeviceLogin.parse(psk.getIdentity())
              .orElseThrow(
                  () ->
                      new CoapFailure(
                          ResponseCode.UNAUTHORIZED, "the PSK identity must be auth-id@tenant"));
      AuthResult result = registry.authenticatePsk(login.tenant(), login.authId());
      if (result instanceof AuthResult.Refused no) {
        listener.authenticationFailed(
            login.tenant(), login.authId(), no.device(), remote(exchange), at);
        throw no.reason().badCredentials()
            ? new CoapFailure(ResponseCode.UNAUTHORIZED, "unknown credentials")
            : new CoapFailure(ResponseCode.FORBIDDEN, "device not authorized");
      }
      AuthResult.Authenticated self = (AuthResult.Authenticated) result;
      if (path.target().isEmpty() || path.target().get().equals(self.id())) {
        return new Target(self.id(), self.registration(), path.target().isPresent());
      }
      DeviceId device = path.target().get();
      if (!device.tenant().equals(self.id().tenant())) {
        throw new CoapFailure(
            ResponseCode.FORBIDDEN, "a gateway acts only for devices of its own tenant");
      }
      AuthResult.Authenticated served = permitted(device);
      if (!served.registration().via().contains(self.id().id())) {
        throw new CoapFailure(
            ResponseCode.FORBIDDEN,
            self.id().id() + " is not a gateway of " + device.id() + " (registration 'via')");
      }
      return new Target(device, served.registration(), true);
    }
    if (peer != null) {
      throw new CoapFailure(ResponseCode.UNAUTHORIZED, "only PSK identities are supported");
    }
    if (path.target().isEmpty() || !config.coapAllowUnauthenticated()) {
      throw new CoapFailure(
          ResponseCode.UNAUTHORIZED, "authenticate with DTLS (coaps, PSK identity auth-id@tenant)");
    }
    AuthResult.Authenticated device = permitted(path.target().get());
    return new Target(device.id(), device.registration(), true);
  }

  /** A device someone else speaks for: it must be registered, enabled and not quarantined. */
  private AuthResult.Authenticated permitted(DeviceId device) {
    AuthResult result = registry.authorize(device);
    if (result instanceof AuthResult.Refused no) {
      throw no.reason() == AuthFailure.UNKNOWN_AUTH_ID
          ? new CoapFailure(ResponseCode.NOT_FOUND, "no such device: " + device)
          : new CoapFailure(ResponseCode.FORBIDDEN, "device not authorized: " + device);
    }
    return (AuthResult.Authenticated) result;
  }

  private void upload(CoapExchange exchange, CoapPath path, Target target, Instant receivedAt) {
    Request request = exchange.advanced().getRequest();
    boolean confirmable = request.isConfirmable();
    if (path.channel() == Channel.EVENT && !confirmable) {
      throw new CoapFailure(ResponseCode.BAD_REQUEST, "events must be sent as CON");
    }
    int ttd = ttd(request);
    listener.seen(target.device(), PROTOCOL, receivedAt);
    Verdict verdict = limits.message(target.device());
    if (!verdict.allowed()) {
      listener.rateLimited(target.device(), verdict.kind(), receivedAt);
      throw new CoapFailure(
          ResponseCode.TOO_MANY_REQUESTS, verdict.kind() + " limit exceeded, try again later");
    }
    byte[] payload = exchange.getRequestPayload();
    String contentType =
        query(request, EMPTY).isPresent()
            ? ContentTypes.EMPTY_NOTIFICATION
            : contentType(request).orElse(ContentTypes.DEFAULT);
    if (!ContentTypes.acceptsPayload(contentType, payload.length)) {
      throw new CoapFailure(
          ResponseCode.BAD_REQUEST,
          "empty payload; add URI-query 'empty' for an empty notification");
    }
    DeviceMessage message =
        new DeviceMessage(
            target.device(),
            path.channel(),
            confirmable ? 1 : 0,
            contentType,
            payload,
            receivedAt,
            target.registration().profile());
    send(message)
        .onSuccess(
            ignored -> {
              accepted.increment();
              if (ttd > 0) {
                awaitCommand(exchange, path, target, ttd);
              } else {
                exchange.respond(ResponseCode.CHANGED);
              }
            })
        .onFailure(e -> fail(exchange, e));
  }

  private Future<Void> send(DeviceMessage message) {
    try {
      return Objects.requireNonNull(downstream.send(message), "downstream returned null");
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  // ---- commands

  /**
   * Keeps the request open for up to {@code ttd} seconds: the first command for the device is the
   * response (2.05), or 2.04 when none comes.
   */
  private void awaitCommand(CoapExchange exchange, CoapPath path, Target target, int ttd) {
    if (exchange.advanced().getRequest().isConfirmable()) {
      // an empty ACK now (the message is taken), so the device does not retransmit while it waits;
      // the answer follows as a separate response
      exchange.accept();
    }
    AtomicBoolean answered = new AtomicBoolean();
    AtomicReference<CommandGateway.Registration> registration = new AtomicReference<>();
    // CoAP has no connection: the device counts as connected while it waits for commands
    DeviceId device = target.device();
    // readiness first: the device then turns online with its ttd in one twin write
    listener.commandReadiness(device, PROTOCOL, ttd, Instant.now());
    listener.connected(device, PROTOCOL, remote(exchange), Instant.now());
    Runnable waitOver =
        () -> {
          listener.disconnected(device, PROTOCOL, Instant.now());
          listener.commandReadiness(device, PROTOCOL, 0, Instant.now());
        };
    long timer =
        vertx.setTimer(
            ttd * 1000L,
            id -> {
              if (answered.compareAndSet(false, true)) {
                Optional.ofNullable(registration.get())
                    .ifPresent(CommandGateway.Registration::cancel);
                exchange.respond(ResponseCode.CHANGED);
                waitOver.run();
              }
            });
    CommandConsumer consumer =
        command -> {
          if (!answered.compareAndSet(false, true)) {
            return Future.failedFuture(
                new IllegalStateException("the device's request was answered already"));
          }
          vertx.cancelTimer(timer);
          Context running = context;
          Future<Void> delivered = deliver(exchange, path, target, command);
          delivered.onComplete(
              ignored -> {
                if (running != null) {
                  running.runOnContext(v -> waitOver.run());
                }
              });
          return delivered;
        };
    try {
      registration.set(commands.subscribe(target.device(), consumer, true));
    } catch (RuntimeException e) {
      LOG.warn("cannot wait for commands of {}", target.device(), e);
      if (answered.compareAndSet(false, true)) {
        vertx.cancelTimer(timer);
        exchange.respond(ResponseCode.CHANGED);
        waitOver.run();
      }
      return;
    }
    if (answered.get()) {
      registration.get().cancel(); // answered while subscribing; cancelling is idempotent
    }
  }

  /** Answers the waiting request with the command; succeeds once the device has it. */
  private Future<Void> deliver(
      CoapExchange exchange, CoapPath path, Target target, Command command) {
    Response response = new Response(ResponseCode.CONTENT);
    response.setPayload(command.payload());
    int format = MediaTypeRegistry.parse(command.contentType());
    if (format != MediaTypeRegistry.UNDEFINED) {
      response.getOptions().setContentFormat(format);
    }
    response
        .getOptions()
        .setLocationPath(
            CoapPath.commandLocation(
                path.shortForm(),
                target.namedInPath() ? Optional.of(target.device()) : Optional.empty(),
                command.requestId()))
        .setLocationQuery(COMMAND_NAME + "=" + command.name());
    Promise<Void> delivered = Promise.promise();
    response.addMessageObserver(
        new MessageObserverAdapter() {
          @Override
          public void onSent(boolean retransmission) {
            // a CON response is only delivered once acknowledged
            if (response.getType() != CoAP.Type.CON) {
              delivered.tryComplete();
            }
          }

          @Override
          public void onAcknowledgement() {
            delivered.tryComplete();
          }

          @Override
          public void onTimeout() {
            delivered.tryFail("the device did not acknowledge the command");
          }

          @Override
          public void onReject() {
            delivered.tryFail("the device rejected the command");
          }

          @Override
          public void onCancel() {
            delivered.tryFail("the command's response was cancelled");
          }

          @Override
          public void onSendError(Throwable error) {
            delivered.tryFail(error);
          }
        });
    exchange.respond(response);
    return delivered.future();
  }

  private void commandResponse(CoapExchange exchange, CoapPath path, Target target) {
    Request request = exchange.advanced().getRequest();
    String status =
        query(request, COMMAND_STATUS)
            .orElseThrow(
                () -> new CoapFailure(ResponseCode.BAD_REQUEST, COMMAND_STATUS + " is required"));
    int code;
    try {
      code = Integer.parseInt(status);
    } catch (NumberFormatException e) {
      code = -1;
    }
    if (code < 200 || code > 599) {
      throw new CoapFailure(
          ResponseCode.BAD_REQUEST, COMMAND_STATUS + " must be an HTTP status 200..599");
    }
    String requestId = path.requestId().orElseThrow();
    CommandResponse response =
        new CommandResponse(
            target.device(),
            requestId,
            code,
            contentType(request).orElse(ContentTypes.DEFAULT),
            exchange.getRequestPayload());
    Future<Void> passed;
    try {
      passed = Objects.requireNonNull(commands.respond(response), "command gateway returned null");
    } catch (RuntimeException e) {
      passed = Future.failedFuture(e);
    }
    passed
        .onSuccess(
            ignored -> {
              accepted.increment();
              exchange.respond(ResponseCode.CHANGED);
            })
        .onFailure(
            e ->
                fail(
                    exchange,
                    e instanceof DownstreamException d && !d.isClientError()
                        ? e
                        : new CoapFailure(
                            ResponseCode.NOT_FOUND,
                            "no command waits for a response with request id " + requestId)));
  }

  // ---- responses

  /** The one place where failures become responses. */
  private void fail(CoapExchange exchange, Throwable failure) {
    ResponseCode code;
    String reason;
    if (failure instanceof CoapFailure coap) {
      code = coap.code;
      reason = coap.getMessage();
    } else if (DownstreamException.statusOf(failure) < 500) {
      code = ResponseCode.BAD_REQUEST;
      reason = "payload rejected: " + failure.getMessage();
    } else {
      if (!(failure instanceof DownstreamException)) {
        LOG.warn("CoAP request failed", failure);
      }
      code = ResponseCode.SERVICE_UNAVAILABLE;
      reason = "temporarily unavailable, try again later";
    }
    rejected.increment();
    Response response = new Response(code);
    response.setPayload(reason);
    response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
    exchange.respond(response);
  }

  // ---- helpers

  private static int ttd(Request request) {
    Optional<String> value = query(request, TTD);
    if (value.isEmpty()) {
      return 0;
    }
    try {
      int seconds = Integer.parseInt(value.get());
      if (seconds < 0) {
        throw new NumberFormatException();
      }
      return Math.min(seconds, MAX_TTD_SECONDS);
    } catch (NumberFormatException e) {
      throw new CoapFailure(ResponseCode.BAD_REQUEST, TTD + " must be a number of seconds");
    }
  }

  /** A URI-query parameter's value; {@code ""} for a bare name such as {@code empty}. */
  private static Optional<String> query(Request request, String name) {
    List<String> queries = request.getOptions().getUriQuery();
    for (String query : queries) {
      if (query.equals(name)) {
        return Optional.of("");
      }
      if (query.startsWith(name + "=")) {
        return Optional.of(query.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> contentType(Request request) {
    return request.getOptions().hasContentFormat()
        ? Optional.of(MediaTypeRegistry.toString(request.getOptions().getContentFormat()))
        : Optional.empty();
  }

  private static String remote(CoapExchange exchange) {
    return String.valueOf(exchange.getSourceSocketAddress());
  }

  /**
   * The device a request is for.
   *
   * @param namedInPath whether the request named the device in its path (gateway and
   *     unauthenticated forms); commands then name it in their location too
   */
  private record Target(DeviceId device, Registration registration, boolean namedInPath) {}

  /** A request refused with a CoAP response code; the message is the reason sent back. */
  private static final class CoapFailure extends RuntimeException {
    private final transient ResponseCode code;

    CoapFailure(ResponseCode code, String reason) {
      super(reason, null, false, false);
      this.code = code;
    }
  }

  /**
   * Every resource of the adapter: it answers for any path below its name (the tenant and device
   * segments) and hands the request to the adapter's event loop.
   */
  private final class DeviceResource extends CoapResource {
    DeviceResource(String name) {
      super(name);
    }

    @Override
    public Resource getChild(String name) {
      return this;
    }

    @Override
    public void handleRequest(Exchange exchange) {
      CoapExchange coap = new CoapExchange(exchange);
      Context running = context;
      if (running == null) {
        coap.respond(ResponseCode.SERVICE_UNAVAILABLE);
        return;
      }
      running.runOnContext(ignored -> onRequest(coap));
    }
  }

  /**
   * Reports DTLS handshakes with the wrong key as failed logins. (A completed handshake is not a
   * connection in Hono's sense: a CoAP device counts as connected only while it waits for commands,
   * since nothing tells when it goes away.) A wrong key shows only as records that fail to decrypt
   * (the peer is told nothing, as DTLS demands), so a MAC error during a handshake is taken as a
   * refused key and the half-open connection is dropped.
   */
  private final class Handshakes extends SessionAdapter implements ConnectionListener {
    @Override
    public boolean onConnectionMacError(Connection connection) {
      Handshaker handshaker = connection.getOngoingHandshake();
      if (handshaker == null) {
        return false; // a corrupted record on an established connection: drop just the record
      }
      login(handshaker)
          .ifPresent(
              login -> {
                Optional<DeviceId> device =
                    registry.authenticatePsk(login.tenant(), login.authId()).device();
                String remote = String.valueOf(connection.getPeerAddress());
                Instant at = Instant.now();
                LOG.debug("DTLS handshake of {} from {}: wrong key", login.username(), remote);
                onContext(
                    () ->
                        listener.authenticationFailed(
                            login.tenant(), login.authId(), device, remote, at));
              });
      return true;
    }

    @Override
    public void onConnectionEstablished(Connection connection) {}

    @Override
    public void onConnectionRemoved(Connection connection) {}

    @Override
    public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean close) {
      return false;
    }

    @Override
    public void beforeExecution(Connection connection) {}

    @Override
    public void updateExecution(Connection connection) {}

    @Override
    public void afterExecution(Connection connection) {}

    private void onContext(Runnable action) {
      Context running = context;
      if (running != null) {
        running.runOnContext(ignored -> action.run());
      }
    }

    private static Optional<DeviceLogin> login(Handshaker handshaker) {
      if (handshaker instanceof ServerHandshaker server
          && server.getPreSharedKeyIdentity() != null) {
        return DeviceLogin.parse(server.getPreSharedKeyIdentity().getPublicInfoAsString());
      }
      return Optional.empty();
    }
  }
}
