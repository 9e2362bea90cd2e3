package io.twinwright.adapters.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.ContentTypes;
import io.twinwright.adapters.DeviceEventListener;
import io.twinwright.adapters.Downstream;
import io.twinwright.adapters.DownstreamException;
import io.twinwright.adapters.registry.AuthResult;
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
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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
 * <p>Deploy it as a verticle, or call {@link #start()} and {@link #stop()} directly.
 */
public final class MqttAdapter extends VerticleBase {

  public static final String PROTOCOL = "mqtt";

  /** Room for the fixed and variable header (topic, properties) on top of the payload limit. */
  static final int HEADER_ALLOWANCE = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(MqttAdapter.class);
  private static final int MQTT_5 = 5;

  private final AdapterConfig config;
  private final DeviceRegistry registry;
  private final Downstream downstream;
  private final DeviceEventListener listener;

  private final Map<DeviceId, Set<MqttEndpoint>> connections = new ConcurrentHashMap<>();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder refusedLogins = new LongAdder();

  private volatile MqttServer server;

  public MqttAdapter(
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
    MqttServerOptions options =
        new MqttServerOptions()
            .setHost(config.host())
            .setPort(config.mqttPort())
            .setMaxMessageSize(config.maxPayloadBytes() + HEADER_ALLOWANCE)
            .setTimeoutOnConnect(config.connectTimeoutSeconds())
            .setAutoClientId(true);
    MqttServer created = MqttServer.create(vertx, options);
    created
        .endpointHandler(this::onConnect)
        .exceptionHandler(e -> LOG.debug("MQTT connection failed before CONNECT", e));
    server = created;
    return created
        .listen()
        .map(
            listening -> {
              LOG.info("MQTT adapter listening on {}:{}", config.host(), listening.actualPort());
              return listening.actualPort();
            });
  }

  /** Stops listening and closes every device connection. */
  @Override
  public Future<Void> stop() {
    MqttServer running = server;
    server = null;
    return running == null ? Future.succeededFuture() : running.close();
  }

  /** The port the adapter listens on, or 0 when it is not started. */
  public int actualPort() {
    MqttServer running = server;
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

  // ---- connect

  private void onConnect(MqttEndpoint endpoint) {
    Instant at = Instant.now();
    // the connection's own event loop; acknowledgements are sent from here
    Context context = vertx.getOrCreateContext();
    String remote = String.valueOf(endpoint.remoteAddress());
    MqttAuth auth = endpoint.auth();
    Optional<DeviceLogin> login =
        auth == null ? Optional.empty() : DeviceLogin.parse(auth.getUsername());
    if (login.isEmpty() || auth.getPassword() == null) {
      // no way to tell which tenant this was meant for, so nothing to report
      refuse(endpoint, Refusal.BAD_CREDENTIALS);
      return;
    }
    DeviceLogin who = login.get();
    registry
        .authenticate(who.tenant(), who.authId(), auth.getPassword())
        .onComplete(
            outcome -> {
              if (outcome.failed()) {
                LOG.warn("cannot authenticate {}", who.username(), outcome.cause());
                refuse(endpoint, Refusal.UNAVAILABLE);
              } else if (outcome.result() instanceof AuthResult.Authenticated ok) {
                accept(endpoint, context, ok.id(), remote);
              } else {
                AuthResult.Refused no = (AuthResult.Refused) outcome.result();
                listener.authenticationFailed(who.tenant(), who.authId(), no.device(), remote, at);
                refuse(
                    endpoint,
                    no.reason().badCredentials()
                        ? Refusal.BAD_CREDENTIALS
                        : Refusal.NOT_AUTHORIZED);
              }
            });
  }

  private void refuse(MqttEndpoint endpoint, Refusal refusal) {
    refusedLogins.increment();
    endpoint.reject(endpoint.protocolVersion() >= MQTT_5 ? refusal.v5 : refusal.v3);
  }

  private void accept(MqttEndpoint endpoint, Context context, DeviceId device, String remote) {
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(message -> onPublish(endpoint, context, device, message));
    endpoint.subscribeHandler(subscribe -> onSubscribe(endpoint, subscribe));
    endpoint.unsubscribeHandler(
        unsubscribe -> endpoint.unsubscribeAcknowledge(unsubscribe.messageId()));
    endpoint.exceptionHandler(
        e -> {
          // e.g. a packet over the size limit: the decoder cannot resynchronise, so give up
          LOG.debug("closing MQTT connection of {}: {}", device, e.toString());
          rejected.increment();
          close(endpoint);
        });
    endpoint.closeHandler(ignored -> untrack(endpoint, device));
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
          MqttDisconnectReasonCode.NOT_AUTHORIZED);
      return;
    }
    if (!topic.addresses(device)) {
      // publishing for another device is the gateway case, not supported yet
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
    DeviceMessage forward =
        new DeviceMessage(
            device,
            topic.channel(),
            qos,
            contentType,
            message.payload().getBytes(),
            receivedAt,
            current.get().registration().profile(),
            topic.creationTime().or(() -> creationTimeProperty(message)).orElse(receivedAt));
    send(forward)
        .onComplete(
            outcome ->
                context.runOnContext(ignored -> onSent(endpoint, device, message, qos, outcome)));
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

  /** Refuses a message: closes the connection without acknowledging. */
  private void drop(
      MqttEndpoint endpoint,
      DeviceId device,
      MqttPublishMessage message,
      String why,
      MqttDisconnectReasonCode reason) {
    rejected.increment();
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

  // ---- subscribe

  /**
   * Grants subscriptions to Hono's command topics (delivery of commands comes with the command
   * outbox) and refuses every other filter.
   */
  private void onSubscribe(MqttEndpoint endpoint, MqttSubscribeMessage subscribe) {
    List<MqttQoS> granted = new ArrayList<>();
    for (MqttTopicSubscription subscription : subscribe.topicSubscriptions()) {
      String filter = subscription.topicName();
      boolean command = filter.startsWith("command/") || filter.startsWith("c/");
      granted.add(
          command
              ? MqttQoS.valueOf(Math.min(1, subscription.qualityOfService().value()))
              : MqttQoS.FAILURE);
    }
    endpoint.subscribeAcknowledge(subscribe.messageId(), granted);
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
        MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5);

    final MqttConnectReturnCode v3;
    final MqttConnectReturnCode v5;

    Refusal(MqttConnectReturnCode v3, MqttConnectReturnCode v5) {
      this.v3 = v3;
      this.v5 = v5;
    }
  }
}
