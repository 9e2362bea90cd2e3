package io.twinwright.adapters.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.twinwright.adapters.command.Command;
import io.twinwright.adapters.command.CommandGateway;
import io.twinwright.adapters.registry.Device;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command subscriptions of one MQTT connection and the commands in flight on it.
 *
 * <p>Everything but {@link #deliver} runs on the connection's context, so the state needs no
 * locking; deliveries from the command service hop onto that context first. A QoS 1 delivery
 * completes on the device's PUBACK, a QoS 0 one once written.
 */
final class CommandSubscriptions {

  /** A device that never acknowledges must not hold its command queue forever. */
  static final long PUBACK_TIMEOUT_MILLIS = 30_000;

  private static final int MAX_MESSAGE_ID = 65_535;

  private final Vertx vertx;
  private final Context context;
  private final MqttEndpoint endpoint;
  private final DeviceId device;
  private final DeviceRegistry registry;
  private final CommandGateway gateway;
  private final boolean mqtt5;

  private final Map<String, List<CommandGateway.Registration>> byFilter = new HashMap<>();
  private final Map<Integer, Promise<Void>> inFlight = new HashMap<>();
  private int lastMessageId;
  private boolean closed;

  CommandSubscriptions(
      Vertx vertx,
      Context context,
      MqttEndpoint endpoint,
      DeviceId device,
      DeviceRegistry registry,
      CommandGateway gateway,
      boolean mqtt5) {
    this.vertx = vertx;
    this.context = context;
    this.endpoint = endpoint;
    this.device = device;
    this.registry = registry;
    this.gateway = gateway;
    this.mqtt5 = mqtt5;
  }

  /**
   * A granted command subscription, to be activated once the SUBACK is on its way (a client may
   * drop a command that arrives before it knows its subscription stands).
   */
  record Grant(String filter, CommandTopic.Filter parsed, List<DeviceId> targets, MqttQoS qos) {}

  /** Decides a subscription request: a grant, or empty when it is refused. */
  Optional<Grant> grant(String filter, MqttQoS requested) {
    Optional<CommandTopic.Filter> parsed = CommandTopic.Filter.parse(filter);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    CommandTopic.Filter f = parsed.get();
    if (!f.tenant().isEmpty() && !f.tenant().equals(device.tenant().value())) {
      return Optional.empty();
    }
    List<DeviceId> targets;
    if (f.device().isEmpty() || f.device().equals(device.id())) {
      targets = List.of(device);
    } else if (f.allGatewayDevices()) {
      targets =
          registry.devices(device.tenant()).stream().filter(this::actsFor).map(Device::id).toList();
    } else {
      if (!DeviceId.isValid(f.device())) {
        return Optional.empty();
      }
      DeviceId target = new DeviceId(device.tenant(), f.device());
      Optional<Device> registered = registry.device(target);
      if (registered.isEmpty() || !actsFor(registered.get())) {
        return Optional.empty();
      }
      targets = List.of(target);
    }
    MqttQoS qos = requested.value() >= 1 ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
    return Optional.of(new Grant(filter, f, targets, qos));
  }

  /** Starts delivering commands under a grant; a repeated subscription replaces the earlier one. */
  void activate(Grant grant) {
    if (closed) {
      return;
    }
    cancel(grant.filter());
    List<CommandGateway.Registration> registrations = new ArrayList<>();
    byFilter.put(grant.filter(), registrations);
    for (DeviceId target : grant.targets()) {
      registrations.add(
          gateway.subscribe(target, command -> deliver(grant, target, command), false));
    }
  }

  /** Ends the subscription with this filter, if there is one. */
  void cancel(String filter) {
    List<CommandGateway.Registration> registrations = byFilter.remove(filter);
    if (registrations != null) {
      registrations.forEach(CommandGateway.Registration::cancel);
    }
  }

  /** Whether no command subscription is active. */
  boolean isEmpty() {
    return byFilter.isEmpty();
  }

  /** The connection closed: every subscription ends and unacknowledged deliveries fail. */
  void close() {
    closed = true;
    new ArrayList<>(byFilter.keySet()).forEach(this::cancel);
    List<Promise<Void>> waiting = new ArrayList<>(inFlight.values());
    inFlight.clear();
    waiting.forEach(p -> p.tryFail(new IllegalStateException("connection closed")));
  }

  /** The device acknowledged a QoS 1 command. */
  void acknowledged(int messageId) {
    Promise<Void> done = inFlight.remove(messageId);
    if (done != null) {
      done.tryComplete();
    }
  }

  /**
   * The device a response on this topic answers for: the connected device itself, or one it is a
   * gateway for; empty when the connected device may not answer for the one named.
   */
  Optional<DeviceId> responder(CommandTopic.Response response) {
    if (!response.tenant().isEmpty() && !response.tenant().equals(device.tenant().value())) {
      return Optional.empty();
    }
    if (response.device().isEmpty() || response.device().equals(device.id())) {
      return Optional.of(device);
    }
    if (!DeviceId.isValid(response.device())) {
      return Optional.empty();
    }
    DeviceId target = new DeviceId(device.tenant(), response.device());
    return registry.device(target).filter(this::actsFor).map(Device::id);
  }

  private boolean actsFor(Device other) {
    return other.id().tenant().equals(device.tenant())
        && !other.id().equals(device)
        && other.registration().via().contains(device.id());
  }

  private Future<Void> deliver(Grant grant, DeviceId target, Command command) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(ignored -> publish(grant, target, command, done));
    return done.future();
  }

  private void publish(Grant grant, DeviceId target, Command command, Promise<Void> done) {
    if (closed || !endpoint.isConnected()) {
      done.tryFail(new IllegalStateException("connection closed"));
      return;
    }
    String topic = grant.parsed().topic(target.id(), command.requestId(), command.name());
    MqttProperties properties = MqttProperties.NO_PROPERTIES;
    if (mqtt5) {
      properties = new MqttProperties();
      properties.add(
          new MqttProperties.StringProperty(
              MqttProperties.MqttPropertyType.CONTENT_TYPE.value(), command.contentType()));
    }
    Buffer payload = Buffer.buffer(command.payload());
    try {
      if (grant.qos() == MqttQoS.AT_MOST_ONCE) {
        endpoint
            .publish(topic, payload, MqttQoS.AT_MOST_ONCE, false, false, 0, properties)
            .onComplete(written -> done.handle(written.mapEmpty()));
        return;
      }
      int messageId = nextMessageId();
      inFlight.put(messageId, done);
      long timer =
          vertx.setTimer(
              PUBACK_TIMEOUT_MILLIS,
              t -> {
                if (inFlight.remove(messageId, done)) {
                  done.tryFail(new IllegalStateException("no PUBACK for command " + messageId));
                }
              });
      done.future().onComplete(ignored -> vertx.cancelTimer(timer));
      endpoint
          .publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false, messageId, properties)
          .onFailure(
              e -> {
                inFlight.remove(messageId, done);
                done.tryFail(e);
              });
    } catch (IllegalStateException closedMeanwhile) {
      done.tryFail(closedMeanwhile);
    }
  }

  private int nextMessageId() {
    do {
      lastMessageId = lastMessageId % MAX_MESSAGE_ID + 1;
    } while (inFlight.containsKey(lastMessageId));
    return lastMessageId;
  }
}
