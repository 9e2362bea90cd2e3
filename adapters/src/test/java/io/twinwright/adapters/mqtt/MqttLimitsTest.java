package io.twinwright.adapters.mqtt;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits, the tenant connection limit and login throttling on the MQTT endpoint, with the
 * HiveMQ client in both protocol versions.
 */
class MqttLimitsTest {
  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");
  private static final DeviceId OTHER = DeviceId.of("acme", "sensor-2");

  /** 2 messages/s per device, 2 connections per tenant, throttle after 2 failed logins. */
  private final AdapterConfig config =
      Fixtures.config().withLimits(new AdapterConfig.Limits(2, 1000, 2, 2, Duration.ofSeconds(2)));

  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private final Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
  private final List<Runnable> cleanup = new ArrayList<>();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;
  private MqttAdapter adapter;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(SENSOR, Registration.of("acme-thermo-v1", "urn:tm:thermo")));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "s3cret"))));
    await(registry.createDevice(OTHER, Registration.enabledDevice()));
    await(registry.setCredentials(OTHER, List.of(CredentialSpec.password("sensor-2", "pw2"))));
    adapter = new MqttAdapter(vertx, config, registry, downstream, listener);
    await(vertx.deployVerticle(adapter));
  }

  @AfterEach
  void stop() {
    cleanup.forEach(
        c -> {
          try {
            c.run();
          } catch (RuntimeException ignored) {
            // already disconnected
          }
        });
    await(vertx.close());
    mongo.close();
  }

  private Mqtt5BlockingClient v5(String user, String password) {
    Mqtt5BlockingClient client =
        MqttTestClients.local(adapter.actualPort()).useMqttVersion5().buildBlocking();
    cleanup.add(client::disconnect);
    client
        .connectWith()
        .simpleAuth()
        .username(user)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();
    return client;
  }

  private Mqtt3BlockingClient v3(String user, String password) {
    Mqtt3BlockingClient client =
        MqttTestClients.local(adapter.actualPort()).useMqttVersion3().buildBlocking();
    cleanup.add(client::disconnect);
    client
        .connectWith()
        .simpleAuth()
        .username(user)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();
    return client;
  }

  /** The PUBACK reason code of a QoS 1 publish. */
  private static Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient client) {
    try {
      Mqtt5PublishResult result =
          client
              .publishWith()
              .topic("telemetry")
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload("{\"t\":1}".getBytes(StandardCharsets.UTF_8))
              .send();
      Optional<Throwable> error = result.getError();
      if (error.isPresent() && error.get() instanceof Mqtt5PubAckException e) {
        return e.getMqttMessage().getReasonCode();
      }
      return ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
    } catch (Mqtt5PubAckException e) {
      return e.getMqttMessage().getReasonCode();
    }
  }

  @Test
  void mqtt5_qos1_over_the_device_rate_gets_puback_quota_exceeded_and_stays_connected() {
    Mqtt5BlockingClient client = v5("sensor-1@acme", "s3cret");
    Mqtt5PubAckReasonCode refused = null;
    for (int i = 0; i < 10 && refused == null; i++) {
      Mqtt5PubAckReasonCode code = publish(client);
      if (code != Mqtt5PubAckReasonCode.SUCCESS) {
        refused = code;
      }
    }
    assertThat(refused).isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
    assertThat(client.getState().isConnected()).isTrue();
    assertThat(downstream.received.size()).isLessThan(10);
  }

  @Test
  void mqtt3_qos1_over_the_device_rate_closes_the_connection() throws Exception {
    Mqtt3BlockingClient client = v3("sensor-1@acme", "s3cret");
    try {
      for (int i = 0; i < 10 && client.getState().isConnected(); i++) {
        client
            .publishWith()
            .topic("telemetry")
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload("{\"t\":1}".getBytes(StandardCharsets.UTF_8))
            .send();
      }
    } catch (RuntimeException closed) {
      // the publish that was over the limit never got its PUBACK
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (client.getState().isConnected() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    assertThat(client.getState().isConnected()).isFalse();
    assertThat(listener.next("rate-limited").device()).contains(SENSOR);
  }

  @Test
  void a_tenant_at_its_connection_limit_is_refused_with_quota_exceeded() {
    v5("sensor-1@acme", "s3cret");
    v3("sensor-2@acme", "pw2");
    assertThatThrownBy(() -> v5("sensor-2@acme", "pw2"))
        .isInstanceOfSatisfying(
            Mqtt5ConnAckException.class,
            e ->
                assertThat(e.getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5ConnAckReasonCode.QUOTA_EXCEEDED));
    assertThatThrownBy(() -> v3("sensor-2@acme", "pw2"))
        .isInstanceOfSatisfying(
            Mqtt3ConnAckException.class,
            e ->
                assertThat(e.getMqttMessage().getReturnCode())
                    .isEqualTo(Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE));
  }

  @Test
  void after_repeated_failures_even_the_right_password_is_refused_until_the_window_passes()
      throws Exception {
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> v5("sensor-1@acme", "wrong"))
          .isInstanceOfSatisfying(
              Mqtt5ConnAckException.class,
              e ->
                  assertThat(e.getMqttMessage().getReasonCode())
                      .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }
    int reported = countAuthFailures();
    assertThatThrownBy(() -> v5("sensor-1@acme", "s3cret"))
        .isInstanceOfSatisfying(
            Mqtt5ConnAckException.class,
            e ->
                assertThat(e.getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
    // the throttled attempt is reported, with the device its auth-id belonged to
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (countAuthFailures() == reported && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    assertThat(countAuthFailures()).isEqualTo(reported + 1);
    assertThat(listener.all.get(listener.all.size() - 1).device()).contains(SENSOR);
    // another device from the same host is not affected (the host limit is ten times higher)
    assertThat(v5("sensor-2@acme", "pw2").getState().isConnected()).isTrue();

    // after the window the right password works again
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Mqtt5BlockingClient back = null;
    while (back == null && System.nanoTime() < deadline) {
      try {
        back = v5("sensor-1@acme", "s3cret");
      } catch (Mqtt5ConnAckException stillThrottled) {
        assertThat(stillThrottled.getMqttMessage().getReasonCode())
            .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
    assertThat(back).isNotNull();
    assertThat(back.getState().isConnected()).isTrue();
  }

  private int countAuthFailures() {
    return (int) listener.all.stream().filter(s -> s.kind().equals("auth-failed")).count();
  }
}
