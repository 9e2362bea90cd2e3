package io.twinwright.adapters.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.ContentTypes;
import io.twinwright.adapters.DeviceEventListener;
import io.twinwright.adapters.Downstream;
import io.twinwright.adapters.DownstreamException;
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
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT device endpoint (MQTT 3.1.1 and 5) with Hono's conventions.
 *
 * <p>Devices log in with user name {@code auth-id@tenant} and their password, and publish telemetry
 * on {@code telemetry}/{@code t} (QoS 0 or 1) and events on {@code event}/{@code e} (QoS 1). A QoS
 * 1 message is acknowledged only once {@link Downstream#send} reports it durable. A message that
 * cannot be processed is never acknowledged: the connection is closed (after a DISCONNECT with a
 * reason code on MQTT 5), so a device retransmits its unacknowledged messages on reconnect, as with
 * Hono. The one exception is QoS 0 telemetry the platform is too busy to take: at-most-once allows
 * dropping it, and the connection stays open.
 *
 * <p>Commands: a device subscribes {@code command///req/#} (or {@code c///q/#}); a gateway {@code
 * command//+/req/#} or {@code command//<device>/req/#} for the devices whose registration lists it
 * in {@code via}. Commands come from the {@link CommandGateway} on the subscription's topic with
 * {@code <request-id>/<name>} appended, at the granted QoS; a QoS 1 command counts as delivered on
 * the device's PUBACK. Responses published on {@code command///res/<request-id>/<status>} go back
 * through {@link CommandGateway#respond}; one that nobody waits for is acknowledged all the same
 * (on MQTT 5 with reason code "no matching subscribers"), so the device does not retry it.
 *
 * <p>Deploy it as a verticle, or call {@link #start()} and {@link #stop()} directly.
 */
public final class MqttAdapter extends VerticleBase {

  public static final String PROTOCOL = "mqtt";

  /**
   * Hono's time-to-live of an event, in the topic's property bag ({@code event/?hono-ttl=30}). It
   * is checked but has no effect: an event's effect on the twin is stored durably, and nothing
   * downstream holds events for later consumers.
   */
  public static final String TTL = "hono-ttl";

  /** Room for the fixed and variable header (topic, properties) on top of the payload limit. */
  static final int HEADER_ALLOWANCE = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(MqttAdapter.class);
  private static final int MQTT_5 = 5;

  private final AdapterConfig config;
  private final DeviceRegistry registry;
  private final Downstream downstream;
  private final DeviceEventListener listener;
  private final CommandGateway commands;
  private final DeviceLimits limits;

  private final Map<DeviceId, Set<MqttEndpoint>> connections = new ConcurrentHashMap<>();

  /** Error topic subscriptions per connection, by filter; a connection without any is absent. */
  private final Map<MqttEndpoint, Map<String, ErrorTopic>> errorTopics = new ConcurrentHashMap<>();

  private final AtomicInteger connectionCount = new AtomicInteger();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder refusedLogins = new LongAdder();
  private final LongAdder abandonedLogins = new LongAdder();

  private volatile MqttServer server;
  private volatile MqttServer tlsServer;

  public MqttAdapter(
      Vertx vertx,
      AdapterConfig config,
      DeviceRegistry registry,
      Downstream downstream,
      DeviceEventListener listener) {
    this(vertx, config, registry, downstream, listener, CommandGateway.NONE);
  }

  public MqttAdapter(
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
  public MqttAdapter(
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

  /**
   * Starts listening, with TLS too when the configuration has a certificate; completes with the
   * actual plain port (useful when configured with port 0).
   */
  @Override
  public Future<Integer> start() {
    MqttServer created = MqttServer.create(vertx, serverOptions().setPort(config.mqttPort()));
    created
        .endpointHandler(this::onConnect)
        .exceptionHandler(e -> LOG.debug("MQTT connection failed before CONNECT", e));
    server = created;
    Future<Integer> tls = Future.succeededFuture(0);
    if (config.tls()) {
      MqttServer secure =
          MqttServer.create(
              vertx,
              serverOptions()
                  .setPort(config.mqttTlsPort())
                  .setSsl(true)
                  .setKeyCertOptions(
                      new PemKeyCertOptions()
                          .setCertPath(config.tlsCert().orElseThrow().toString())
                          .setKeyPath(config.tlsKey().orElseThrow().toString()))
                  // a client certificate is optional (devices may log in with a password), and
                  // any chain passes the handshake: it is verified in onConnect against the CAs
                  // of the tenant named by its issuer, which the TLS layer cannot know
                  .setClientAuth(ClientAuth.REQUEST)
                  .setTrustOptions(TrustOptions.wrap(new AnyClientChain())));
      secure
          .endpointHandler(this::onConnect)
          .exceptionHandler(e -> LOG.debug("MQTT TLS connection failed before CONNECT", e));
      tlsServer = secure;
      tls =
          secure
              .listen()
              .map(
                  listening -> {
                    LOG.info(
                        "MQTT adapter listening with TLS on {}:{}",
                        config.host(),
                        listening.actualPort());
                    return listening.actualPort();
                  });
    }
    Future<Integer> plain =
        created
            .listen()
            .map(
                listening -> {
                  LOG.info(
                      "MQTT adapter listening on {}:{}", config.host(), listening.actualPort());
                  return listening.actualPort();
                });
    return Future.all(plain, tls).map(ignored -> plain.result());
  }

  private MqttServerOptions serverOptions() {
    return new MqttServerOptions()
        .setHost(config.host())
        .setMaxMessageSize(config.maxPayloadBytes() + HEADER_ALLOWANCE)
        .setTimeoutOnConnect(config.connectTimeoutSeconds())
        .setAutoClientId(true);
  }

  /** Stops listening and closes every device connection. */
  @Override
  public Future<Void> stop() {
    MqttServer running = server;
    MqttServer secure = tlsServer;
    server = null;
    tlsServer = null;
    return Future.join(
            running == null ? Future.succeededFuture() : running.close(),
            secure == null ? Future.succeededFuture() : secure.close())
        .mapEmpty();
  }

  /** The port the adapter listens on, or 0 when it is not started. */
  public int actualPort() {
    MqttServer running = server;
    return running == null ? 0 : running.actualPort();
  }

  /** The port the adapter listens on with TLS, or 0 when TLS is off or it is not started. */
  public int actualTlsPort() {
    MqttServer running = tlsServer;
    return running == null ? 0 : running.actualPort();
  }

  /** Closes every live connection of a device (e.g. on quarantine); returns how many. */
  public int closeConnections(DeviceId device) {
    Set<MqttEndpoint> open = connections.getOrDefault(device, Set.of());
    List<MqttEndpoint> toClose = new ArrayList<>(open);
    toClose.forEach(MqttAdapter::close);
    return toClose.size();
  }

  public int connectionCount() {
    return connectionCount.get();
  }

  /** Messages the downstream took. */
  public long messagesAccepted() {
    return accepted.sum();
  }

  /** Messages refused or dropped: bad topic, size or payload, or refused by the downstream. */
  public long messagesRejected() {
    return rejected.sum();
  }

  /** CONNECTs refused for any reason. */
  public long connectionsRefused() {
    return refusedLogins.sum();
  }

  /** Logins that succeeded after the client had already closed its connection. */
  public long loginsAbandoned() {
    return abandonedLogins.sum();
  }

  // ---- connect

  private void onConnect(MqttEndpoint endpoint) {
    Instant at = Instant.now();
    // the connection's own event loop; acknowledgements are sent from here
    Context context = vertx.getOrCreateContext();
    String remote = String.valueOf(endpoint.remoteAddress());
    // a client may give up while its login is checked; Vert.x reports that close only to the
    // handler set at the time, so watch from the start
    AtomicBoolean gone = new AtomicBoolean();
    endpoint.closeHandler(ignored -> gone.set(true));
    MqttAuth auth = endpoint.auth();
    if ((auth == null || auth.getUsername() == null) && endpoint.isSsl()) {
      Optional<List<X509Certificate>> chain = clientChain(endpoint);
      if (chain.isPresent()) {
        certificateLogin(endpoint, context, chain.get(), remote, at, gone);
        return;
      }
    }
    Optional<DeviceLogin> login =
        auth == null ? Optional.empty() : DeviceLogin.parse(auth.getUsername());
    if (login.isEmpty() || auth.getPassword() == null) {
      // no way to tell which tenant this was meant for, so nothing to report
      refuse(endpoint, Refusal.BAD_CREDENTIALS);
      return;
    }
    DeviceLogin who = login.get();
    String host = endpoint.remoteAddress() == null ? remote : endpoint.remoteAddress().host();
    Optional<Throttled> throttled = limits.loginThrottled(who.tenant(), who.authId(), host);
    if (throttled.isPresent()) {
      // refused before the password is hashed: that is what a brute-force attacker makes us pay
      listener.authenticationFailed(
          who.tenant(), who.authId(), throttled.get().device(), remote, at);
      refuse(endpoint, Refusal.NOT_AUTHORIZED);
      return;
    }
    registry
        .authenticate(who.tenant(), who.authId(), auth.getPassword())
        .onComplete(
            outcome -> {
              if (outcome.failed()) {
                LOG.warn("cannot authenticate {}", who.username(), outcome.cause());
                refuse(endpoint, Refusal.UNAVAILABLE);
              } else if (outcome.result() instanceof AuthResult.Authenticated ok) {
                // on the connection's event loop, where its close is reported: no gap between
                // checking that the client is still there and taking over the close handler
                context.runOnContext(ignored -> accept(endpoint, context, ok.id(), remote, gone));
              } else {
                AuthResult.Refused no = (AuthResult.Refused) outcome.result();
                if (no.reason().badCredentials()) {
                  limits.loginFailed(who.tenant(), who.authId(), no.device(), host);
                }
                listener.authenticationFailed(who.tenant(), who.authId(), no.device(), remote, at);
                refuse(
                    endpoint,
                    no.reason().badCredentials()
                        ? Refusal.BAD_CREDENTIALS
                        : Refusal.NOT_AUTHORIZED);
              }
            });
  }

  /** A device without a user name that presented a client certificate over TLS. */
  private void certificateLogin(
      MqttEndpoint endpoint,
      Context context,
      List<X509Certificate> chain,
      String remote,
      Instant at,
      AtomicBoolean gone) {
    String subject = chain.get(0).getSubjectX500Principal().getName(X500Principal.RFC2253);
    registry
        .authenticate(chain)
        .onComplete(
            outcome ->
                context.runOnContext(
                    ignored -> {
                      if (outcome.failed()) {
                        LOG.warn("cannot authenticate certificate {}", subject, outcome.cause());
                        refuse(endpoint, Refusal.UNAVAILABLE);
                      } else if (outcome.result() instanceof AuthResult.Authenticated ok) {
                        if (ok.provisioned()) {
                          listener.provisioned(
                              ok.id(), ok.registration(), "certificate " + subject, at);
                        }
                        accept(endpoint, context, ok.id(), remote, gone);
                      } else {
                        AuthResult.Refused no = (AuthResult.Refused) outcome.result();
                        // without a known device there is no tenant to charge the failure to
                        no.device()
                            .ifPresent(
                                d ->
                                    listener.authenticationFailed(
                                        d.tenant(), subject, no.device(), remote, at));
                        LOG.debug("refused certificate {}: {}", subject, no.reason());
                        refuse(
                            endpoint,
                            no.reason().badCredentials()
                                ? Refusal.BAD_CREDENTIALS
                                : Refusal.NOT_AUTHORIZED);
                      }
                    }));
  }

  private static Optional<List<X509Certificate>> clientChain(MqttEndpoint endpoint) {
    SSLSession session = endpoint.sslSession();
    if (session == null) {
      return Optional.empty();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : session.getPeerCertificates()) {
        if (!(certificate instanceof X509Certificate x509)) {
          return Optional.empty();
        }
        chain.add(x509);
      }
      return chain.isEmpty() ? Optional.empty() : Optional.of(chain);
    } catch (SSLPeerUnverifiedException noCertificate) {
      return Optional.empty();
    }
  }

  private void refuse(MqttEndpoint endpoint, Refusal refusal) {
    refusedLogins.increment();
    endpoint.reject(endpoint.protocolVersion() >= MQTT_5 ? refusal.v5 : refusal.v3);
  }

  private void accept(
      MqttEndpoint endpoint, Context context, DeviceId device, String remote, AtomicBoolean gone) {
    if (gone.get()) {
      abandonedLogins.increment();
      return;
    }
    if (!limits.openConnection(device.tenant())) {
      listener.rateLimited(device, Verdict.TENANT_CONNECTIONS, Instant.now());
      refuse(endpoint, Refusal.QUOTA_EXCEEDED);
      return;
    }
    endpoint.publishAutoAck(false);
    CommandSubscriptions subscriptions =
        new CommandSubscriptions(
            vertx,
            context,
            endpoint,
            device,
            registry,
            commands,
            endpoint.protocolVersion() >= MQTT_5);
    endpoint.publishHandler(
        message -> {
          if (CommandTopic.isCommandTopic(message.topicName())) {
            onCommandResponse(endpoint, context, device, subscriptions, message);
          } else {
            onPublish(endpoint, context, device, message);
          }
        });
    endpoint.subscribeHandler(
        subscribe -> {
          boolean before = subscriptions.isEmpty();
          onSubscribe(endpoint, device, subscriptions, subscribe);
          if (before && !subscriptions.isEmpty()) {
            listener.commandReadiness(device, PROTOCOL, -1, Instant.now());
          }
        });
    endpoint.unsubscribeHandler(
        unsubscribe -> {
          boolean before = subscriptions.isEmpty();
          unsubscribe.topics().forEach(subscriptions::cancel);
          Map<String, ErrorTopic> errors = errorTopics.get(endpoint);
          if (errors != null) {
            unsubscribe.topics().forEach(errors::remove);
          }
          endpoint.unsubscribeAcknowledge(unsubscribe.messageId());
          if (!before && subscriptions.isEmpty()) {
            listener.commandReadiness(device, PROTOCOL, 0, Instant.now());
          }
        });
    endpoint.publishAcknowledgeHandler(subscriptions::acknowledged);
    endpoint.exceptionHandler(
        e -> {
          // e.g. a packet over the size limit: the decoder cannot resynchronise, so give up
          LOG.debug("closing MQTT connection of {}: {}", device, e.toString());
          rejected.increment();
          close(endpoint);
        });
    endpoint.closeHandler(
        ignored -> {
          if (!subscriptions.isEmpty()) {
            listener.commandReadiness(device, PROTOCOL, 0, Instant.now());
          }
          subscriptions.close();
          errorTopics.remove(endpoint);
          untrack(endpoint, device);
        });
    track(endpoint, device);
    endpoint.accept(false);
    listener.connected(device, PROTOCOL, remote, Instant.now());
  }

  private void track(MqttEndpoint endpoint, DeviceId device) {
    connections.computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet()).add(endpoint);
    connectionCount.incrementAndGet();
  }

  private void untrack(MqttEndpoint endpoint, DeviceId device) {
    boolean[] removed = {false};
    connections.computeIfPresent(
        device,
        (d, open) -> {
          removed[0] = open.remove(endpoint);
          return open.isEmpty() ? null : open;
        });
    if (removed[0]) {
      connectionCount.decrementAndGet();
      limits.closeConnection(device.tenant());
      listener.disconnected(device, PROTOCOL, Instant.now());
    }
  }

  // ---- publish

  private void onPublish(
      MqttEndpoint endpoint, Context context, DeviceId device, MqttPublishMessage message) {
    Instant receivedAt = Instant.now();
    int qos = message.qosLevel().value();
    Optional<MqttTopic> parsed = MqttTopic.parse(message.topicName());
    if (parsed.isEmpty()) {
      drop(endpoint, device, message, "unknown topic", MqttDisconnectReasonCode.TOPIC_NAME_INVALID);
      return;
    }
    MqttTopic topic = parsed.get();
    String ttl = topic.properties().get(TTL);
    if (ttl != null && !validTtl(ttl)) {
      drop(
          endpoint,
          device,
          message,
          TTL + " must be a positive number of seconds",
          MqttDisconnectReasonCode.TOPIC_NAME_INVALID);
      return;
    }
    Optional<Device> current = registry.device(device);
    if (current.isEmpty()
        || current.get().quarantined()
        || !current.get().registration().enabled()) {
      // the device was removed, disabled or quarantined while connected
      drop(
          endpoint,
          device,
          message,
          "device not authorized",
          MqttDisconnectReasonCode.NOT_AUTHORIZED,
          true);
      return;
    }
    Optional<DeviceId> target = topic.target(device);
    if (target.isEmpty()) {
      // another tenant, or no valid device id to send for
      drop(
          endpoint,
          device,
          message,
          "not authorized for the topic",
          MqttDisconnectReasonCode.NOT_AUTHORIZED);
      return;
    }
    if (qos > 1) {
      drop(
          endpoint,
          device,
          message,
          "QoS 2 is not supported",
          MqttDisconnectReasonCode.QOS_NOT_SUPPORTED);
      return;
    }
    if (topic.channel() == Channel.EVENT && qos == 0) {
      drop(
          endpoint,
          device,
          message,
          "events need QoS 1",
          MqttDisconnectReasonCode.QOS_NOT_SUPPORTED);
      return;
    }
    int size = message.payload().length();
    if (size > config.maxPayloadBytes()) {
      drop(
          endpoint,
          device,
          message,
          "payload of " + size + " bytes is too large",
          MqttDisconnectReasonCode.PACKET_TOO_LARGE);
      return;
    }
    String contentType =
        topic.contentType().or(() -> contentTypeProperty(message)).orElse(ContentTypes.DEFAULT);
    if (!ContentTypes.acceptsPayload(contentType, size)) {
      drop(
          endpoint,
          device,
          message,
          "empty payload",
          MqttDisconnectReasonCode.PAYLOAD_FORMAT_INVALID);
      return;
    }
    if (target.get().equals(device)) {
      forward(endpoint, context, device, current.get(), topic, message, contentType, receivedAt);
      return;
    }
    // a gateway sending for a device: only one whose registration names it in via
    registry
        .delegate(device, target.get())
        .onComplete(
            decided ->
                context.runOnContext(
                    ignored -> {
                      if (decided.failed()) {
                        LOG.warn(
                            "cannot authorize {} for {}", device, target.get(), decided.cause());
                        drop(
                            endpoint,
                            device,
                            message,
                            "registry unavailable",
                            MqttDisconnectReasonCode.SERVER_BUSY);
                      } else if (decided.result() instanceof Delegation.Allowed allowed) {
                        if (allowed.provisioned()) {
                          listener.provisioned(
                              allowed.device().id(),
                              allowed.device().registration(),
                              "gateway " + device.id(),
                              receivedAt);
                        }
                        forward(
                            endpoint,
                            context,
                            device,
                            allowed.device(),
                            topic,
                            message,
                            contentType,
                            receivedAt);
                      } else {
                        drop(
                            endpoint,
                            device,
                            message,
                            "not authorized to send for "
                                + target.get()
                                + ": "
                                + ((Delegation.Refused) decided.result()).reason(),
                            MqttDisconnectReasonCode.NOT_AUTHORIZED);
                      }
                    }));
  }

  /** Hands a checked message of {@code origin} (a device or its gateway) to the downstream. */
  private void forward(
      MqttEndpoint endpoint,
      Context context,
      DeviceId connected,
      Device origin,
      MqttTopic topic,
      MqttPublishMessage message,
      String contentType,
      Instant receivedAt) {
    int qos = message.qosLevel().value();
    listener.seen(origin.id(), PROTOCOL, receivedAt);
    Verdict verdict = limits.message(origin.id());
    if (!verdict.allowed()) {
      listener.rateLimited(origin.id(), verdict.kind(), receivedAt);
      overLimit(endpoint, connected, message, qos, verdict);
      return;
    }
    DeviceMessage forward =
        new DeviceMessage(
            origin.id(),
            topic.channel(),
            qos,
            contentType,
            message.payload().getBytes(),
            receivedAt,
            origin.registration().profile(),
            topic.creationTime().or(() -> creationTimeProperty(message)).orElse(receivedAt));
    send(forward)
        .onComplete(
            outcome ->
                context.runOnContext(
                    ignored -> onSent(endpoint, connected, message, qos, outcome)));
  }

  private Future<Void> send(DeviceMessage message) {
    try {
      return Objects.requireNonNull(downstream.send(message), "downstream returned null");
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void onSent(
      MqttEndpoint endpoint,
      DeviceId device,
      MqttPublishMessage message,
      int qos,
      AsyncResult<Void> outcome) {
    if (outcome.succeeded()) {
      accepted.increment();
      if (qos == 1 && endpoint.isConnected()) {
        endpoint.publishAcknowledge(message.messageId());
      }
      return;
    }
    int status = DownstreamException.statusOf(outcome.cause());
    if (qos == 0 && status >= 500) {
      rejected.increment();
      LOG.debug("dropped QoS 0 message of {}: {}", device, outcome.cause().getMessage());
      return;
    }
    drop(
        endpoint,
        device,
        message,
        "downstream refused (" + status + "): " + outcome.cause().getMessage(),
        status >= 500
            ? MqttDisconnectReasonCode.SERVER_BUSY
            : MqttDisconnectReasonCode.PAYLOAD_FORMAT_INVALID);
  }

  /**
   * A message over a rate limit: QoS 0 is dropped (at most once allows it); QoS 1 is refused with
   * "quota exceeded" on MQTT 5, and on MQTT 3.1.1, which cannot refuse a PUBLISH, by closing the
   * connection, as Hono does.
   */
  private void overLimit(
      MqttEndpoint endpoint,
      DeviceId device,
      MqttPublishMessage message,
      int qos,
      Verdict verdict) {
    if (qos == 0) {
      rejected.increment();
      return;
    }
    if (endpoint.protocolVersion() >= MQTT_5) {
      rejected.increment();
      if (endpoint.isConnected()) {
        endpoint.publishAcknowledge(
            message.messageId(), MqttPubAckReasonCode.QUOTA_EXCEEDED, MqttProperties.NO_PROPERTIES);
      }
      return;
    }
    drop(
        endpoint,
        device,
        message,
        verdict.kind() + " limit exceeded",
        MqttDisconnectReasonCode.QUOTA_EXCEEDED);
  }

  /**
   * Refuses a message: closes the connection without acknowledging, unless the device subscribed to
   * the error topic; then the error is published there and the message acknowledged (Hono's default
   * with an error subscription), except for terminal errors.
   */
  private void drop(
      MqttEndpoint endpoint,
      DeviceId device,
      MqttPublishMessage message,
      String why,
      MqttDisconnectReasonCode reason) {
    drop(endpoint, device, message, why, reason, false);
  }

  private void drop(
      MqttEndpoint endpoint,
      DeviceId device,
      MqttPublishMessage message,
      String why,
      MqttDisconnectReasonCode reason,
      boolean terminal) {
    rejected.increment();
    if (!terminal && reportError(endpoint, device, message, statusOf(reason), why)) {
      if (message.qosLevel().value() == 1 && endpoint.isConnected()) {
        endpoint.publishAcknowledge(message.messageId());
      }
      return;
    }
    LOG.debug(
        "closing MQTT connection of {} after publish on {}: {}", device, message.topicName(), why);
    try {
      if (endpoint.protocolVersion() >= MQTT_5) {
        endpoint.disconnect(reason, MqttProperties.NO_PROPERTIES); // sends DISCONNECT, then closes
      } else {
        endpoint.close();
      }
    } catch (IllegalStateException | IllegalArgumentException alreadyClosed) {
      // the device went away first
    }
  }

  /**
   * Publishes an error on the connection's error topic subscription that covers the message's
   * device; false when there is none.
   */
  private boolean reportError(
      MqttEndpoint endpoint, DeviceId device, MqttPublishMessage message, int status, String why) {
    Map<String, ErrorTopic> subscribed = errorTopics.get(endpoint);
    if (subscribed == null || subscribed.isEmpty() || !endpoint.isConnected()) {
      return false;
    }
    String name = message.topicName();
    Optional<MqttTopic> topic = MqttTopic.parse(name);
    DeviceId target = topic.flatMap(t -> t.target(device)).orElse(device);
    Optional<ErrorTopic> covering =
        subscribed.values().stream().filter(e -> e.covers(device, target)).findFirst();
    if (covering.isEmpty()) {
      return false;
    }
    String correlationId =
        topic
            .map(t -> t.properties().get("correlation-id"))
            .filter(id -> !id.isBlank())
            .orElse(message.qosLevel().value() == 1 ? String.valueOf(message.messageId()) : "-1");
    io.vertx.core.json.JsonObject payload =
        new io.vertx.core.json.JsonObject()
            .put("code", status)
            .put("message", why)
            .put("timestamp", Instant.now().toString())
            .put("correlation-id", correlationId);
    try {
      endpoint.publish(
          covering.get().topic(target, endpointType(name), correlationId, status),
          payload.toBuffer(),
          MqttQoS.AT_MOST_ONCE,
          false,
          false);
      return true;
    } catch (IllegalStateException | IllegalArgumentException closed) {
      return false;
    }
  }

  private static boolean validTtl(String value) {
    try {
      return Long.parseLong(value.trim()) > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** The endpoint type of a failed message for its error topic, in the form the device used. */
  private static String endpointType(String topic) {
    String first = topic == null ? "" : topic.split("/", 2)[0];
    return switch (first) {
      case "telemetry", "t", "event", "e" -> first;
      case "command" -> "command-response";
      case "c" -> "c-s";
      default -> "telemetry";
    };
  }

  /** The HTTP status Hono reports on the error topic for a reason a connection would close. */
  private static int statusOf(MqttDisconnectReasonCode reason) {
    return switch (reason) {
      case TOPIC_NAME_INVALID, QOS_NOT_SUPPORTED, PAYLOAD_FORMAT_INVALID -> 400;
      case NOT_AUTHORIZED -> 403;
      case PACKET_TOO_LARGE -> 413;
      case QUOTA_EXCEEDED -> 429;
      case SERVER_BUSY -> 503;
      default -> 500;
    };
  }

  /** Closes an endpoint that may have been closed already, by the device or another caller. */
  private static void close(MqttEndpoint endpoint) {
    try {
      endpoint.close();
    } catch (IllegalStateException | IllegalArgumentException alreadyClosed) {
      // nothing left to close
    }
  }

  /**
   * An MQTT 5 user property {@code creation-time} (milliseconds since the epoch), for clients that
   * would rather not put it in the topic; a malformed one is ignored, as user properties are free
   * for applications to use.
   */
  private static Optional<Instant> creationTimeProperty(MqttPublishMessage message) {
    MqttProperties properties = message.properties();
    if (properties == null
        || !(properties.getProperty(MqttProperties.MqttPropertyType.USER_PROPERTY.value())
            instanceof MqttProperties.UserProperties user)) {
      return Optional.empty();
    }
    for (MqttProperties.StringPair pair : user.value()) {
      if (MqttTopic.CREATION_TIME.equals(pair.key)) {
        return MqttTopic.epochMillis(pair.value);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> contentTypeProperty(MqttPublishMessage message) {
    MqttProperties properties = message.properties();
    if (properties == null) {
      return Optional.empty();
    }
    MqttProperties.MqttProperty<?> property =
        properties.getProperty(MqttProperties.MqttPropertyType.CONTENT_TYPE.value());
    return property != null && property.value() instanceof String s && !s.isBlank()
        ? Optional.of(s)
        : Optional.empty();
  }

  // ---- commands

  /**
   * Grants subscriptions to Hono's command topics the device may receive on and refuses every other
   * filter; commands flow only after the SUBACK is sent.
   */
  private void onSubscribe(
      MqttEndpoint endpoint,
      DeviceId device,
      CommandSubscriptions subscriptions,
      MqttSubscribeMessage subscribe) {
    List<MqttQoS> granted = new ArrayList<>();
    List<CommandSubscriptions.Grant> grants = new ArrayList<>();
    for (MqttTopicSubscription subscription : subscribe.topicSubscriptions()) {
      if (ErrorTopic.isErrorFilter(subscription.topicName())) {
        Optional<ErrorTopic> error =
            ErrorTopic.parse(subscription.topicName(), device).filter(e -> mayReportFor(device, e));
        error.ifPresent(
            e ->
                errorTopics
                    .computeIfAbsent(endpoint, k -> new ConcurrentHashMap<>())
                    .put(subscription.topicName(), e));
        // error messages are only ever sent at most once
        granted.add(error.isPresent() ? MqttQoS.AT_MOST_ONCE : MqttQoS.FAILURE);
        continue;
      }
      Optional<CommandSubscriptions.Grant> grant =
          subscriptions.grant(subscription.topicName(), subscription.qualityOfService());
      grant.ifPresent(grants::add);
      granted.add(grant.map(CommandSubscriptions.Grant::qos).orElse(MqttQoS.FAILURE));
    }
    endpoint.subscribeAcknowledge(subscribe.messageId(), granted);
    grants.forEach(subscriptions::activate);
  }

  /** Whether a subscription naming one device is the device itself or a gateway it lists in via. */
  private boolean mayReportFor(DeviceId device, ErrorTopic error) {
    if (error.device().isEmpty()
        || error.device().equals("+")
        || error.device().equals(device.id())) {
      return true;
    }
    return registry
        .device(new DeviceId(device.tenant(), error.device()))
        .filter(d -> d.registration().via().contains(device.id()))
        .isPresent();
  }

  /** A command response: passed to whoever sent the request. */
  private void onCommandResponse(
      MqttEndpoint endpoint,
      Context context,
      DeviceId device,
      CommandSubscriptions subscriptions,
      MqttPublishMessage message) {
    Optional<CommandTopic.Response> parsed = CommandTopic.Response.parse(message.topicName());
    if (parsed.isEmpty()) {
      drop(
          endpoint,
          device,
          message,
          "malformed command response topic",
          MqttDisconnectReasonCode.TOPIC_NAME_INVALID);
      return;
    }
    Optional<Device> current = registry.device(device);
    Optional<DeviceId> responder = subscriptions.responder(parsed.get());
    if (current.isEmpty()
        || current.get().quarantined()
        || !current.get().registration().enabled()
        || responder.isEmpty()) {
      drop(
          endpoint,
          device,
          message,
          "not authorized for the topic",
          MqttDisconnectReasonCode.NOT_AUTHORIZED);
      return;
    }
    int qos = message.qosLevel().value();
    if (qos > 1) {
      drop(
          endpoint,
          device,
          message,
          "QoS 2 is not supported",
          MqttDisconnectReasonCode.QOS_NOT_SUPPORTED);
      return;
    }
    int size = message.payload().length();
    if (size > config.maxPayloadBytes()) {
      drop(
          endpoint,
          device,
          message,
          "payload of " + size + " bytes is too large",
          MqttDisconnectReasonCode.PACKET_TOO_LARGE);
      return;
    }
    CommandTopic.Response response = parsed.get();
    String contentType =
        response.contentType().or(() -> contentTypeProperty(message)).orElse(ContentTypes.DEFAULT);
    Future<Void> passed;
    try {
      passed =
          commands.respond(
              new CommandResponse(
                  responder.get(),
                  response.requestId(),
                  response.status(),
                  contentType,
                  message.payload().getBytes()));
    } catch (RuntimeException e) {
      passed = Future.failedFuture(e);
    }
    passed.onComplete(
        outcome ->
            context.runOnContext(
                ignored -> {
                  if (outcome.failed()) {
                    LOG.debug(
                        "command response of {} not passed on: {}",
                        device,
                        outcome.cause().getMessage());
                  }
                  if (qos == 0 || !endpoint.isConnected()) {
                    return;
                  }
                  if (outcome.succeeded() || endpoint.protocolVersion() < MQTT_5) {
                    endpoint.publishAcknowledge(message.messageId());
                  } else {
                    endpoint.publishAcknowledge(
                        message.messageId(),
                        MqttPubAckReasonCode.NO_MATCHING_SUBSCRIBERS,
                        MqttProperties.NO_PROPERTIES);
                  }
                }));
  }

  /** How a CONNECT is refused, in MQTT 3.1.1 and MQTT 5 codes. */
  private enum Refusal {
    BAD_CREDENTIALS(
        MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
        MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD),
    NOT_AUTHORIZED(
        MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
        MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5),
    UNAVAILABLE(
        MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
        MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5),
    /** MQTT 3.1.1 has no quota code; "server unavailable" makes a client back off, as in Hono. */
    QUOTA_EXCEEDED(
        MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
        MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED);

    final MqttConnectReturnCode v3;
    final MqttConnectReturnCode v5;

    Refusal(MqttConnectReturnCode v3, MqttConnectReturnCode v5) {
      this.v3 = v3;
      this.v5 = v5;
    }
  }
}
