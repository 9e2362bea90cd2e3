package io.twinwright.adapters.mqtt;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.DownstreamException;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MqttAdapterTest {

  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");
  private static final DeviceId OTHER = DeviceId.of("acme", "sensor-2");
  private static final String PROFILE = "acme-thermo-v1";

  private final AdapterConfig config = Fixtures.config();
  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private final Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
  private final List<Device> devices = new ArrayList<>();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;
  private MqttAdapter adapter;
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
    await(registry.createDevice(SENSOR, Registration.of(PROFILE, "urn:tm:thermo")));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "s3cret"))));
    await(registry.createDevice(OTHER, Registration.enabledDevice()));
    await(registry.setCredentials(OTHER, List.of(CredentialSpec.password("sensor-2", "pw2"))));
    adapter = new MqttAdapter(vertx, config, registry, downstream, listener);
    await(vertx.deployVerticle(adapter));
    port = adapter.actualPort();
  }

  @AfterEach
  void stop() {
    devices.forEach(Device::close);
    await(vertx.close());
    mongo.close();
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void forwards_telemetry_and_events_of_an_authenticated_device(Version version) throws Exception {
    Device device = connected(version, "sensor-1@acme", "s3cret");

    device.publish("telemetry", 0, "{\"t\":1}").get(5, TimeUnit.SECONDS);
    DeviceMessage qos0 = downstream.next();
    device.publish("t", 1, "{\"t\":2}").get(5, TimeUnit.SECONDS);
    DeviceMessage qos1 = downstream.next();
    device.publish("event", 1, "{\"alarm\":true}").get(5, TimeUnit.SECONDS);
    DeviceMessage event = downstream.next();

    assertThat(List.of(qos0, qos1, event))
        .allSatisfy(
            m -> {
              assertThat(m.device()).isEqualTo(SENSOR);
              assertThat(m.profile()).isEqualTo(PROFILE);
              assertThat(m.contentType()).isEqualTo("application/json");
            });
    assertThat(qos0.channel()).isEqualTo(Channel.TELEMETRY);
    assertThat(qos0.qos()).isZero();
    assertThat(new String(qos0.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":1}");
    assertThat(qos1.channel()).isEqualTo(Channel.TELEMETRY);
    assertThat(qos1.qos()).isEqualTo(1);
    assertThat(event.channel()).isEqualTo(Channel.EVENT);
    assertThat(event.qos()).isEqualTo(1);
    assertThat(adapter.messagesAccepted()).isEqualTo(3);
    assertThat(adapter.connectionCount()).isEqualTo(1);
    assertThat(listener.next("connected").device()).contains(SENSOR);
  }

  @Test
  void takes_the_content_type_from_the_property_bag_or_the_mqtt5_property() throws Exception {
    Device v3 = connected(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");
    v3.publish("telemetry/acme/sensor-1/?content-type=text/plain", 1, "21.5")
        .get(5, TimeUnit.SECONDS);
    assertThat(downstream.next().contentType()).isEqualTo("text/plain");

    Device v5 = connected(Version.MQTT_5, "sensor-1@acme", "s3cret");
    ((V5) v5).publishWithContentType("e", "application/cbor", "x").get(5, TimeUnit.SECONDS);
    DeviceMessage event = downstream.next();
    assertThat(event.contentType()).isEqualTo("application/cbor");
    assertThat(event.channel()).isEqualTo(Channel.EVENT);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void refuses_a_wrong_password_as_bad_credentials_and_reports_it(Version version)
      throws Exception {
    Device device = device(version);

    int code = device.connect("sensor-1@acme", "guess");

    assertThat(code).isEqualTo(version == Version.MQTT_5 ? 0x86 : 4);
    Fixtures.Seen failure = listener.next("auth-failed");
    assertThat(failure.tenantOrDevice()).isEqualTo("acme");
    assertThat(failure.authId()).isEqualTo("sensor-1");
    assertThat(failure.device()).contains(SENSOR);
    assertThat(adapter.connectionCount()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void refuses_malformed_and_unknown_user_names(Version version) {
    int bad = version == Version.MQTT_5 ? 0x86 : 4;
    assertThat(device(version).connect("no-tenant", "s3cret")).isEqualTo(bad);
    assertThat(device(version).connect("sensor-1@nowhere", "s3cret")).isEqualTo(bad);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void refuses_a_quarantined_device_even_with_the_right_password(Version version) throws Exception {
    await(registry.setQuarantined(SENSOR, true));

    int code = device(version).connect("sensor-1@acme", "s3cret");

    assertThat(code).isEqualTo(version == Version.MQTT_5 ? 0x87 : 5);
    assertThat(listener.next("auth-failed").device()).contains(SENSOR);
  }

  @Test
  void close_connections_disconnects_a_live_client() throws Exception {
    Device device = connected(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");
    Device bystander = connected(Version.MQTT_5, "sensor-2@acme", "pw2");
    assertThat(adapter.connectionCount()).isEqualTo(2);

    assertThat(adapter.closeConnections(SENSOR)).isEqualTo(1);

    assertThat(device.awaitDisconnect()).isTrue();
    assertThat(listener.next("disconnected").device()).contains(SENSOR);
    assertThat(adapter.connectionCount()).isEqualTo(1);
    bystander.publish("t", 1, "{}").get(5, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void acknowledges_qos1_only_after_the_downstream_made_it_durable(Version version)
      throws Exception {
    downstream.holdReplies();
    Device device = connected(version, "sensor-1@acme", "s3cret");

    CompletableFuture<?> puback = device.publish("event", 1, "{\"n\":1}");
    var durable = downstream.nextPending();

    assertThatThrownBy(() -> puback.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    durable.complete();
    puback.get(5, TimeUnit.SECONDS);
    assertThat(device.isConnected()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void closes_the_connection_on_an_unknown_topic_and_keeps_serving_others(Version version)
      throws Exception {
    Device offender = connected(version, "sensor-1@acme", "s3cret");
    Device bystander = connected(Version.MQTT_3_1_1, "sensor-2@acme", "pw2");

    CompletableFuture<?> refused = offender.publish("weather/today", 1, "{}");

    assertThat(offender.awaitDisconnect()).isTrue();
    assertThat(refused).failsWithin(5, TimeUnit.SECONDS);
    bystander.publish("telemetry", 1, "{}").get(5, TimeUnit.SECONDS);
    assertThat(downstream.next().device()).isEqualTo(OTHER);
    assertThat(adapter.messagesRejected()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void closes_the_connection_on_a_payload_over_the_limit(Version version) throws Exception {
    Device slightly = connected(version, "sensor-1@acme", "s3cret");
    Device far = connected(version, "sensor-1@acme", "s3cret");
    Device bystander = connected(version, "sensor-2@acme", "pw2");

    slightly.publish("telemetry", 1, "x".repeat(config.maxPayloadBytes() + 1));
    // beyond what the decoder accepts at all: refused before it becomes a message
    far.publish(
        "telemetry", 0, "x".repeat(config.maxPayloadBytes() + MqttAdapter.HEADER_ALLOWANCE + 1));

    assertThat(slightly.awaitDisconnect()).isTrue();
    assertThat(far.awaitDisconnect()).isTrue();
    bystander
        .publish("telemetry", 1, "x".repeat(config.maxPayloadBytes()))
        .get(5, TimeUnit.SECONDS);
    assertThat(downstream.next().payload()).hasSize(config.maxPayloadBytes());
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void closes_the_connection_on_an_event_with_qos0() throws Exception {
    Device device = connected(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");

    device.publish("event", 0, "{}");

    assertThat(device.awaitDisconnect()).isTrue();
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void closes_the_connection_when_publishing_for_another_device() throws Exception {
    Device device = connected(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");

    device.publish("telemetry/acme/sensor-2", 1, "{}");

    assertThat(device.awaitDisconnect()).isTrue();
    assertThat(downstream.received).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void closes_the_connection_without_ack_when_the_downstream_rejects_the_payload(Version version)
      throws Exception {
    downstream.failWith(DownstreamException.rejected("not JSON"));
    Device device = connected(version, "sensor-1@acme", "s3cret");

    CompletableFuture<?> refused = device.publish("telemetry", 1, "garbage");

    assertThat(device.awaitDisconnect()).isTrue();
    assertThat(refused).failsWithin(5, TimeUnit.SECONDS);
  }

  @Test
  void drops_qos0_telemetry_when_the_platform_is_busy_but_keeps_the_connection() throws Exception {
    downstream.failWith(DownstreamException.unavailable("busy"));
    Device device = connected(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");

    device.publish("telemetry", 0, "{}");
    downstream.next();
    downstream.succeed();
    device.publish("telemetry", 1, "{}").get(5, TimeUnit.SECONDS);

    assertThat(device.isConnected()).isTrue();
    assertThat(adapter.messagesRejected()).isEqualTo(1);
    assertThat(adapter.messagesAccepted()).isEqualTo(1);
  }

  @Test
  void grants_hono_command_subscriptions_and_refuses_other_filters() throws Exception {
    V3 device = (V3) connected(Version.MQTT_3_1_1, "sensor-1@acme", "s3cret");

    assertThat(device.subscribe("command///req/#")).isEqualTo(List.of(1));
    assertThat(device.subscribe("c///q/#")).isEqualTo(List.of(1));
    assertThat(device.subscribe("telemetry/#")).isEqualTo(List.of(128));
    assertThat(device.isConnected()).isTrue();
  }

  // ---- clients

  private Device connected(Version version, String user, String password) {
    Device device = device(version);
    assertThat(device.connect(user, password)).as("CONNACK code").isZero();
    return device;
  }

  private Device device(Version version) {
    Device device = version == Version.MQTT_5 ? new V5(port) : new V3(port);
    devices.add(device);
    return device;
  }

  /** The HiveMQ client in either protocol version, reduced to what the tests need. */
  private abstract static class Device {
    final CountDownLatch disconnected = new CountDownLatch(1);
    volatile boolean everConnected;

    /** Connects; returns the CONNACK code (0 = accepted). */
    abstract int connect(String user, String password);

    abstract CompletableFuture<?> publish(String topic, int qos, String payload);

    abstract boolean isConnected();

    abstract void close();

    boolean awaitDisconnect() throws InterruptedException {
      return disconnected.await(10, TimeUnit.SECONDS);
    }

    static MqttQos qos(int qos) {
      return MqttQos.fromCode(qos);
    }

    static byte[] bytes(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
  }

  private static final class V3 extends Device {
    private final Mqtt3AsyncClient client;

    V3(int port) {
      client =
          MqttTestClients.local(port)
              .useMqttVersion3()
              .addDisconnectedListener(
                  ctx -> {
                    if (everConnected) disconnected.countDown();
                  })
              .buildAsync();
    }

    @Override
    int connect(String user, String password) {
      try {
        client
            .connectWith()
            .simpleAuth()
            .username(user)
            .password(bytes(password))
            .applySimpleAuth()
            .send()
            .get(10, TimeUnit.SECONDS);
        everConnected = true;
        return 0;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Mqtt3ConnAckException refused) {
          return refused.getMqttMessage().getReturnCode().getCode();
        }
        throw new AssertionError(e);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    @Override
    CompletableFuture<?> publish(String topic, int qos, String payload) {
      return client.publishWith().topic(topic).qos(qos(qos)).payload(bytes(payload)).send();
    }

    /** Subscribes; returns the SUBACK return codes (0-2 granted QoS, 128 failure). */
    List<Integer> subscribe(String filter) throws Exception {
      Mqtt3SubAck ack;
      try {
        ack =
            client
                .subscribeWith()
                .topicFilter(filter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .send()
                .get(5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        // the client reports a SUBACK with only failures as an exception
        if (!(e.getCause() instanceof Mqtt3SubAckException refused)) {
          throw e;
        }
        ack = refused.getMqttMessage();
      }
      return ack.getReturnCodes().stream().map(code -> code.getCode()).toList();
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

  private static final class V5 extends Device {
    private final Mqtt5AsyncClient client;

    V5(int port) {
      client =
          MqttTestClients.local(port)
              .useMqttVersion5()
              .addDisconnectedListener(
                  ctx -> {
                    if (everConnected) disconnected.countDown();
                  })
              .buildAsync();
    }

    @Override
    int connect(String user, String password) {
      try {
        client
            .connectWith()
            .simpleAuth()
            .username(user)
            .password(bytes(password))
            .applySimpleAuth()
            .send()
            .get(10, TimeUnit.SECONDS);
        everConnected = true;
        return 0;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Mqtt5ConnAckException refused) {
          return refused.getMqttMessage().getReasonCode().getCode();
        }
        throw new AssertionError(e);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    @Override
    CompletableFuture<?> publish(String topic, int qos, String payload) {
      return client
          .publishWith()
          .topic(topic)
          .qos(qos(qos))
          .payload(bytes(payload))
          .send()
          .thenApply(
              result -> {
                result
                    .getError()
                    .ifPresent(
                        e -> {
                          throw new CompletionException(e);
                        });
                return result;
              });
    }

    CompletableFuture<?> publishWithContentType(String topic, String contentType, String payload) {
      return client
          .publishWith()
          .topic(topic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .contentType(contentType)
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
