package io.twinwright.adapters.mqtt;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hono's opt-in error topic, with the HiveMQ client: errors are reported, the connection stays. */
class MqttErrorTopicTest {
  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");

  private final AdapterConfig config = Fixtures.config();
  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private MqttAdapter adapter;
  private Mqtt3AsyncClient client;
  private final BlockingQueue<Mqtt3Publish> errors = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    DeviceRegistry registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(SENSOR, Registration.of("acme-thermo-v1", "urn:tm:thermo")));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "s3cret"))));
    adapter =
        new MqttAdapter(vertx, config, registry, downstream, new Fixtures.RecordingListener());
    await(vertx.deployVerticle(adapter));
    client = MqttTestClients.local(adapter.actualPort()).useMqttVersion3().buildAsync();
    client
        .connectWith()
        .simpleAuth()
        .username("sensor-1@acme")
        .password("s3cret".getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send()
        .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    if (client.getState().isConnected()) {
      client.disconnect();
    }
    await(vertx.close());
    mongo.close();
  }

  private void subscribeErrors(String filter) throws Exception {
    client
        .subscribeWith()
        .topicFilter(filter)
        .qos(MqttQos.AT_MOST_ONCE)
        .callback(errors::add)
        .send()
        .get(10, TimeUnit.SECONDS);
  }

  private Mqtt3Publish nextError() throws InterruptedException {
    Mqtt3Publish error = errors.poll(10, TimeUnit.SECONDS);
    assertThat(error).as("an error message arrived").isNotNull();
    return error;
  }

  @Test
  void a_bad_publish_is_reported_on_the_error_topic_and_the_connection_stays_open()
      throws Exception {
    subscribeErrors("error///#");

    // an unknown topic: acknowledged, reported with the packet id as correlation id
    client
        .publishWith()
        .topic("nonsense/topic")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload("{}".getBytes(StandardCharsets.UTF_8))
        .send()
        .get(10, TimeUnit.SECONDS);
    Mqtt3Publish error = nextError();
    assertThat(error.getTopic().toString()).matches("error///telemetry/\\d+/400");
    JsonObject payload =
        new JsonObject(new String(error.getPayloadAsBytes(), StandardCharsets.UTF_8));
    assertThat(payload.getInteger("code")).isEqualTo(400);
    assertThat(payload.getString("message")).isNotBlank();
    assertThat(payload.getString("timestamp")).isNotBlank();
    assertThat(error.getTopic().toString())
        .endsWith("/" + payload.getString("correlation-id") + "/400");

    // too large, with the device's own correlation id from the property bag
    client
        .publishWith()
        .topic("t/?correlation-id=abc")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(("{\"pad\":\"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8))
        .send()
        .get(10, TimeUnit.SECONDS);
    error = nextError();
    assertThat(error.getTopic().toString()).isEqualTo("error///t/abc/413");

    assertThat(client.getState().isConnected()).isTrue();
    client
        .publishWith()
        .topic("telemetry")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload("{\"t\":1}".getBytes(StandardCharsets.UTF_8))
        .send()
        .get(10, TimeUnit.SECONDS);
    assertThat(downstream.next().device()).isEqualTo(SENSOR);
  }

  @Test
  void the_topic_names_tenant_and_device_when_the_subscription_did() throws Exception {
    subscribeErrors("e/acme/sensor-1/#");
    client
        .publishWith()
        .topic("telemetry/?correlation-id=7")
        .qos(MqttQos.AT_MOST_ONCE)
        .payload("".getBytes(StandardCharsets.UTF_8))
        .send()
        .get(10, TimeUnit.SECONDS);
    assertThat(nextError().getTopic().toString()).isEqualTo("e/acme/sensor-1/telemetry/7/400");
    assertThat(client.getState().isConnected()).isTrue();
  }

  @Test
  void an_error_filter_of_another_tenant_is_refused() throws Exception {
    var ack =
        client
            .subscribeWith()
            .topicFilter("error/other//#")
            .qos(MqttQos.AT_MOST_ONCE)
            .callback(errors::add)
            .send();
    try {
      ack.get(10, TimeUnit.SECONDS);
      throw new AssertionError("subscription was granted");
    } catch (java.util.concurrent.ExecutionException refused) {
      // the SUBACK carries Failure (0x80)
    }
  }

  @Test
  void a_bad_hono_ttl_is_a_400_and_a_good_one_is_accepted() throws Exception {
    subscribeErrors("error///#");
    client
        .publishWith()
        .topic("event/?hono-ttl=soon")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload("{\"t\":1}".getBytes(StandardCharsets.UTF_8))
        .send()
        .get(10, TimeUnit.SECONDS);
    assertThat(nextError().getTopic().toString()).matches("error///event/\\d+/400");
    client
        .publishWith()
        .topic("event/?hono-ttl=30")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload("{\"t\":2}".getBytes(StandardCharsets.UTF_8))
        .send()
        .get(10, TimeUnit.SECONDS);
    assertThat(downstream.next().device()).isEqualTo(SENSOR);
  }
}
