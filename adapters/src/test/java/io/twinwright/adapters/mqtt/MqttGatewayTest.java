package io.twinwright.adapters.mqtt;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import io.twinwright.adapters.AdapterConfig;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gateways publishing on {@code telemetry/<tenant>/<device>} for the devices behind them. */
class MqttGatewayTest {

  private static final DeviceId GATEWAY = DeviceId.of("acme", "gw-1");
  private static final DeviceId PROVISIONER = DeviceId.of("acme", "gw-2");
  private static final DeviceId BEHIND = DeviceId.of("acme", "thermo-1");
  private static final DeviceId ELSEWHERE = DeviceId.of("acme", "thermo-2");
  private static final DeviceId FOREIGN = DeviceId.of("beta", "thermo-1");

  private final AdapterConfig config = Fixtures.config();
  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private final Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
  private final List<Runnable> cleanup = new ArrayList<>();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(GATEWAY, Registration.enabledDevice()));
    await(registry.setCredentials(GATEWAY, List.of(CredentialSpec.password("gw-1", "gw-pw"))));
    await(
        registry.createDevice(
            PROVISIONER,
            new Registration(
                true,
                List.of(),
                Map.of(),
                Map.of(),
                Set.of(Registration.AUTO_PROVISIONING_ENABLED))));
    await(registry.setCredentials(PROVISIONER, List.of(CredentialSpec.password("gw-2", "gw2-pw"))));
    await(
        registry.createDevice(
            BEHIND,
            new Registration(
                true, List.of("gw-1"), Map.of(Registration.EXT_PROFILE, "acme-thermo-v1"))));
    await(registry.createDevice(ELSEWHERE, Registration.enabledDevice()));
    await(registry.createDevice(FOREIGN, new Registration(true, List.of("gw-1"), Map.of())));
    MqttAdapter adapter = new MqttAdapter(vertx, config, registry, downstream, listener);
    await(vertx.deployVerticle(adapter));
    port = adapter.actualPort();
  }

  @AfterEach
  void stop() {
    cleanup.forEach(Runnable::run);
    await(vertx.close());
    mongo.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "telemetry/acme/thermo-1",
        "t/acme/thermo-1",
        "t//thermo-1",
        "event/acme/thermo-1"
      })
  void forwards_what_a_gateway_sends_for_a_device_that_names_it_in_via(String topic)
      throws Exception {
    Mqtt3AsyncClient gateway = v3("gw-1@acme", "gw-pw");

    publish(gateway, topic).get(5, TimeUnit.SECONDS);

    DeviceMessage message = downstream.next();
    assertThat(message.device()).isEqualTo(BEHIND);
    assertThat(message.profile()).isEqualTo("acme-thermo-v1");
    assertThat(message.channel())
        .isEqualTo(topic.startsWith("e") ? Channel.EVENT : Channel.TELEMETRY);
  }

  @Test
  void the_gateway_still_sends_for_itself() throws Exception {
    Mqtt3AsyncClient gateway = v3("gw-1@acme", "gw-pw");

    publish(gateway, "telemetry").get(5, TimeUnit.SECONDS);

    assertThat(downstream.next().device()).isEqualTo(GATEWAY);
  }

  @Test
  void disconnects_a_gateway_sending_for_a_device_that_does_not_name_it() throws Exception {
    CompletableFuture<Mqtt5DisconnectException> disconnected = new CompletableFuture<>();
    Mqtt5AsyncClient gateway = v5("gw-1@acme", "gw-pw", disconnected);

    publish(gateway, "telemetry/acme/thermo-2");

    assertThat(disconnected.get(10, TimeUnit.SECONDS).getMqttMessage().getReasonCode().getCode())
        .isEqualTo(0x87);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void disconnects_a_device_publishing_into_another_tenant() throws Exception {
    CompletableFuture<Mqtt5DisconnectException> disconnected = new CompletableFuture<>();
    // thermo-1 of tenant beta even names gw-1 in via: an id of another tenant means nothing
    Mqtt5AsyncClient gateway = v5("gw-1@acme", "gw-pw", disconnected);

    publish(gateway, "telemetry/beta/thermo-1");

    assertThat(disconnected.get(10, TimeUnit.SECONDS).getMqttMessage().getReasonCode().getCode())
        .isEqualTo(0x87);
    Mqtt3AsyncClient v3 = v3("gw-1@acme", "gw-pw");
    assertThat(publish(v3, "event/beta/thermo-1")).failsWithin(10, TimeUnit.SECONDS);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void refuses_an_unknown_device_when_the_gateway_may_not_provision() throws Exception {
    CompletableFuture<Mqtt5DisconnectException> disconnected = new CompletableFuture<>();
    Mqtt5AsyncClient gateway = v5("gw-1@acme", "gw-pw", disconnected);

    publish(gateway, "telemetry/acme/new-1");

    assertThat(disconnected.get(10, TimeUnit.SECONDS).getMqttMessage().getReasonCode().getCode())
        .isEqualTo(0x87);
    assertThat(registry.device(DeviceId.of("acme", "new-1"))).isEmpty();
  }

  @Test
  void a_gateway_with_the_authority_provisions_unknown_devices_behind_it() throws Exception {
    Mqtt3AsyncClient gateway = v3("gw-2@acme", "gw2-pw");
    DeviceId fresh = DeviceId.of("acme", "new-2");

    publish(gateway, "telemetry/acme/new-2").get(5, TimeUnit.SECONDS);
    publish(gateway, "event/acme/new-2").get(5, TimeUnit.SECONDS);

    assertThat(downstream.next().device()).isEqualTo(fresh);
    assertThat(downstream.next().device()).isEqualTo(fresh);
    assertThat(registry.device(fresh).orElseThrow().registration().via()).containsExactly("gw-2");
    Fixtures.Seen provisioned = listener.next("provisioned");
    assertThat(provisioned.device()).contains(fresh);
    assertThat(provisioned.authId()).isEqualTo("gateway gw-2");
    assertThat(listener.all).filteredOn(s -> s.kind().equals("provisioned")).hasSize(1);
  }

  // ---- clients

  private Mqtt3AsyncClient v3(String user, String password) throws Exception {
    Mqtt3AsyncClient client = MqttTestClients.local(port).useMqttVersion3().buildAsync();
    client
        .connectWith()
        .simpleAuth()
        .username(user)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send()
        .get(10, TimeUnit.SECONDS);
    cleanup.add(
        () -> {
          if (client.getState().isConnected()) {
            client.disconnect();
          }
        });
    return client;
  }

  private Mqtt5AsyncClient v5(
      String user, String password, CompletableFuture<Mqtt5DisconnectException> disconnected)
      throws Exception {
    Mqtt5AsyncClient client =
        MqttTestClients.local(port)
            .useMqttVersion5()
            .addDisconnectedListener(
                ctx -> {
                  if (ctx.getCause() instanceof Mqtt5DisconnectException byServer) {
                    disconnected.complete(byServer);
                  }
                })
            .buildAsync();
    client
        .connectWith()
        .simpleAuth()
        .username(user)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send()
        .get(10, TimeUnit.SECONDS);
    cleanup.add(
        () -> {
          if (client.getState().isConnected()) {
            client.disconnect();
          }
        });
    return client;
  }

  private static CompletableFuture<?> publish(Mqtt3AsyncClient client, String topic) {
    return client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload("{\"t\":21}".getBytes(StandardCharsets.UTF_8))
        .send();
  }

  private static CompletableFuture<?> publish(Mqtt5AsyncClient client, String topic) {
    return client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload("{\"t\":21}".getBytes(StandardCharsets.UTF_8))
        .send();
  }
}
