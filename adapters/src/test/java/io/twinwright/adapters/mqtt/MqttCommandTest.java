package io.twinwright.adapters.mqtt;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.command.CommandResponse;
import io.twinwright.adapters.command.CommandService;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hono commands over the real MQTT adapter, with HiveMQ clients as devices and gateways. */
class MqttCommandTest {

  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");
  private static final DeviceId GATEWAY = DeviceId.of("acme", "gw-1");
  private static final DeviceId CHILD = DeviceId.of("acme", "child-1");
  private static final Optional<Duration> DAY = Optional.of(Duration.ofDays(1));

  private final AdapterConfig config = Fixtures.config();
  private final List<Client> clients = new ArrayList<>();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;
  private CommandService commands;
  private int port;

  enum Version {
    MQTT_3_1_1,
    MQTT_5
  }

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(SENSOR, Registration.enabledDevice()));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "s3cret"))));
    await(registry.createDevice(GATEWAY, Registration.enabledDevice()));
    await(registry.setCredentials(GATEWAY, List.of(CredentialSpec.password("gw-1", "gw"))));
    await(registry.createDevice(CHILD, new Registration(true, List.of(GATEWAY.id()), Map.of())));
    commands =
        new CommandService(
            vertx, mongo.database(), () -> {}, Clock.systemUTC(), Duration.ofHours(1));
    await(commands.start());
    MqttAdapter adapter =
        new MqttAdapter(
            vertx,
            config,
            registry,
            new Fixtures.RecordingDownstream(),
            new Fixtures.RecordingListener(),
            commands);
    await(vertx.deployVerticle(adapter));
    port = adapter.actualPort();
  }

  @AfterEach
  void stop() {
    clients.forEach(Client::close);
    await(commands.close());
    await(vertx.close());
    mongo.close();
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void a_one_way_command_reaches_the_subscribed_device_and_leaves_the_outbox(Version version)
      throws Exception {
    Client device = connect(version, "sensor-1@acme", "s3cret");
    assertThat(device.subscribe("command///req/#")).containsExactly(1);

    await(commands.send(SENSOR, "open", "text/plain", bytes("50%"), DAY));

    Received got = device.next();
    assertThat(got.topic()).isEqualTo("command///req//open");
    assertThat(got.payload()).isEqualTo("50%");
    if (version == Version.MQTT_5) {
      assertThat(got.contentType()).contains("text/plain");
    }
    waitUntil(() -> commands.pending(SENSOR) == 0);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void a_request_is_answered_over_the_response_topic(Version version) throws Exception {
    Client device = connect(version, "sensor-1@acme", "s3cret");
    device.subscribe("command///req/#");

    Future<CommandResponse> answer =
        commands.request(
            SENSOR, "read-config", "application/json", bytes("{}"), Duration.ofSeconds(10));
    Received got = device.next();
    String[] segments = got.topic().split("/", -1);
    assertThat(segments).hasSize(6);
    assertThat(segments[3]).isEqualTo("req");
    assertThat(segments[5]).isEqualTo("read-config");
    String requestId = segments[4];
    assertThat(requestId).isNotEmpty();

    device
        .publish("command///res/" + requestId + "/200", 1, "{\"interval\":30}")
        .get(5, TimeUnit.SECONDS);

    CommandResponse response = await(answer);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.device()).isEqualTo(SENSOR);
    assertThat(new String(response.payload(), StandardCharsets.UTF_8))
        .isEqualTo("{\"interval\":30}");
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void commands_sent_while_offline_arrive_in_order_once_the_device_subscribes(Version version)
      throws Exception {
    for (int i = 1; i <= 3; i++) {
      await(commands.send(SENSOR, "step-" + i, "text/plain", bytes("" + i), DAY));
    }
    assertThat(commands.pending(SENSOR)).isEqualTo(3);

    Client device = connect(version, "sensor-1@acme", "s3cret");
    device.subscribe("command///req/#");

    assertThat(List.of(device.next().topic(), device.next().topic(), device.next().topic()))
        .containsExactly("command///req//step-1", "command///req//step-2", "command///req//step-3");
    waitUntil(() -> commands.pending(SENSOR) == 0);
  }

  @Test
  void the_short_topic_form_is_answered_in_the_short_form() throws Exception {
    Client device = connect(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");
    assertThat(device.subscribe("c///q/#")).containsExactly(1);

    Future<CommandResponse> answer =
        commands.request(SENSOR, "ping", "text/plain", bytes("?"), Duration.ofSeconds(10));
    Received got = device.next();
    assertThat(got.topic()).startsWith("c///q/").endsWith("/ping");
    String requestId = got.topic().split("/", -1)[4];
    device.publish("c///s/" + requestId + "/503", 0, "busy").get(5, TimeUnit.SECONDS);

    assertThat(await(answer).status()).isEqualTo(503);
  }

  @Test
  void a_gateway_receives_and_answers_the_commands_of_its_devices() throws Exception {
    Client gateway = connect(Version.MQTT_5, "gw-1@acme", "gw");
    assertThat(gateway.subscribe("command//+/req/#")).containsExactly(1);
    assertThat(gateway.subscribe("command//sensor-1/req/#")).containsExactly(128);

    await(commands.send(CHILD, "blink", "text/plain", bytes("3"), DAY));
    assertThat(gateway.next().topic()).isEqualTo("command//child-1/req//blink");

    Future<CommandResponse> answer =
        commands.request(CHILD, "status", "text/plain", bytes(""), Duration.ofSeconds(10));
    String requestId = gateway.next().topic().split("/", -1)[4];
    gateway.publish("command//child-1/res/" + requestId + "/200", 1, "ok").get(5, TimeUnit.SECONDS);

    CommandResponse response = await(answer);
    assertThat(response.device()).isEqualTo(CHILD);
    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void a_gateway_may_subscribe_for_one_of_its_devices() throws Exception {
    Client gateway = connect(Version.MQTT_3_1_1, "gw-1@acme", "gw");
    assertThat(gateway.subscribe("command//child-1/req/#")).containsExactly(1);

    await(commands.send(CHILD, "blink", "text/plain", bytes("3"), DAY));

    assertThat(gateway.next().topic()).isEqualTo("command//child-1/req//blink");
  }

  @Test
  void refuses_command_filters_for_other_tenants_and_devices() throws Exception {
    Client device = connect(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");

    assertThat(device.subscribe("command/other//req/#")).containsExactly(128);
    assertThat(device.subscribe("command//child-1/req/#")).containsExactly(128);
    assertThat(device.subscribe("command///res/#")).containsExactly(128);
    assertThat(device.subscribe("command/acme/sensor-1/req/#")).containsExactly(1);
    assertThat(device.isConnected()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void a_response_nobody_waits_for_is_acknowledged_and_the_connection_stays(Version version)
      throws Exception {
    Client device = connect(version, "sensor-1@acme", "s3cret");

    device.publish("command///res/no-such-request/200", 1, "late").get(5, TimeUnit.SECONDS);

    assertThat(device.isConnected()).isTrue();
    assertThat(commands.waitingRequests()).isZero();
  }

  @Test
  void a_malformed_response_topic_closes_the_connection() throws Exception {
    Client device = connect(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");

    device.publish("command///res/abc/not-a-status", 0, "x");

    waitUntil(() -> !device.isConnected());
  }

  @Test
  void after_unsubscribing_commands_wait_in_the_outbox() throws Exception {
    Client device = connect(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");
    device.subscribe("command///req/#");
    device.unsubscribe("command///req/#");

    await(commands.send(SENSOR, "open", "text/plain", bytes("1"), DAY));

    assertThat(device.received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(commands.pending(SENSOR)).isEqualTo(1);
  }

  @Test
  void a_command_pending_when_the_device_disconnects_is_delivered_on_its_next_connection()
      throws Exception {
    Client first = connect(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");
    first.subscribe("command///req/#");
    first.close();
    waitUntil(() -> !first.isConnected());

    await(commands.send(SENSOR, "open", "text/plain", bytes("1"), DAY));
    Client second = connect(Version.MQTT_5, "sensor-1@acme", "s3cret");
    second.subscribe("command///req/#");

    assertThat(second.next().topic()).isEqualTo("command///req//open");
  }

  // ---- clients

  private Client connect(Version version, String user, String password) {
    Client client = version == Version.MQTT_5 ? new V5(port) : new V3(port);
    clients.add(client);
    client.connect(user, password);
    return client;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Fixtures.TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met in time");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  record Received(String topic, String payload, Optional<String> contentType) {}

  abstract static class Client {
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    abstract void connect(String user, String password);

    /** Subscribes; the SUBACK codes (granted QoS, or 128 refused). */
    abstract List<Integer> subscribe(String filter) throws Exception;

    abstract void unsubscribe(String filter) throws Exception;

    abstract CompletableFuture<?> publish(String topic, int qos, String payload);

    abstract boolean isConnected();

    abstract void close();

    Received next() throws InterruptedException {
      Received r = received.poll(Fixtures.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("no command arrived");
      }
      return r;
    }
  }

  private static final class V3 extends Client {
    private final Mqtt3AsyncClient client;

    V3(int port) {
      client = MqttTestClients.local(port).useMqttVersion3().buildAsync();
    }

    @Override
    void connect(String user, String password) {
      client
          .connectWith()
          .simpleAuth()
          .username(user)
          .password(bytes(password))
          .applySimpleAuth()
          .send()
          .join();
    }

    @Override
    List<Integer> subscribe(String filter) throws Exception {
      Mqtt3SubAck ack;
      try {
        ack =
            client
                .subscribeWith()
                .topicFilter(filter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(
                    p ->
                        received.add(
                            new Received(
                                p.getTopic().toString(),
                                new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8),
                                Optional.empty())))
                .send()
                .get(5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof Mqtt3SubAckException refused)) {
          throw e;
        }
        ack = refused.getMqttMessage();
      }
      return ack.getReturnCodes().stream().map(c -> c.getCode()).toList();
    }

    @Override
    void unsubscribe(String filter) throws Exception {
      client.unsubscribeWith().topicFilter(filter).send().get(5, TimeUnit.SECONDS);
    }

    @Override
    CompletableFuture<?> publish(String topic, int qos, String payload) {
      return client
          .publishWith()
          .topic(topic)
          .qos(qos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE)
          .payload(bytes(payload))
          .send();
    }

    @Override
    boolean isConnected() {
      return client.getState().isConnected();
    }

    @Override
    void close() {
      if (isConnected()) {
        client.disconnect();
      }
    }
  }

  private static final class V5 extends Client {
    private final Mqtt5AsyncClient client;

    V5(int port) {
      client = MqttTestClients.local(port).useMqttVersion5().buildAsync();
    }

    @Override
    void connect(String user, String password) {
      client
          .connectWith()
          .simpleAuth()
          .username(user)
          .password(bytes(password))
          .applySimpleAuth()
          .send()
          .join();
    }

    @Override
    List<Integer> subscribe(String filter) throws Exception {
      Mqtt5SubAck ack;
      try {
        ack =
            client
                .subscribeWith()
                .topicFilter(filter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(
                    p ->
                        received.add(
                            new Received(
                                p.getTopic().toString(),
                                new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8),
                                p.getContentType().map(Object::toString))))
                .send()
                .get(5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof Mqtt5SubAckException refused)) {
          throw e;
        }
        ack = refused.getMqttMessage();
      }
      return ack.getReasonCodes().stream().map(c -> c.getCode()).toList();
    }

    @Override
    void unsubscribe(String filter) throws Exception {
      client.unsubscribeWith().topicFilter(filter).send().get(5, TimeUnit.SECONDS);
    }

    @Override
    CompletableFuture<?> publish(String topic, int qos, String payload) {
      return client
          .publishWith()
          .topic(topic)
          .qos(qos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE)
          .payload(bytes(payload))
          .send();
    }

    @Override
    boolean isConnected() {
      return client.getState().isConnected();
    }

    @Override
    void close() {
      if (isConnected()) {
        client.disconnect();
      }
    }
  }
}
