package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import io.twinwright.platform.config.ConfigKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modeller drops a new vendor profile into the content folder of a running platform: it is picked
 * up without a restart while another device keeps publishing, and nothing is rejected.
 */
class ContentReloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  @TempDir Path content;

  private static Mqtt3BlockingClient connect(Platform p, String device, String password) {
    Mqtt3BlockingClient c =
        MqttClient.builder()
            .useMqttVersion3()
            .serverHost("127.0.0.1")
            .serverPort(p.ports().mqtt())
            .buildBlocking();
    c.connectWith()
        .simpleAuth()
        .username(device + "@plant")
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();
    return c;
  }

  @Test
  void a_new_vendor_profile_is_loaded_at_runtime_without_dropping_messages() throws Exception {
    Files.createDirectories(content.resolve("profiles"));
    Platform platform =
        Platform.start(Fixtures.config(dataDir, Map.of(ConfigKey.CONTENT_DIR, content.toString())));
    try {
      Fixtures.provision(platform, "plant", "steady", "nordlys-ens2", "pw-steady");
      Mqtt3BlockingClient steady = connect(platform, "steady", "pw-steady");
      long rejectedBefore = platform.stats().messagesRejected();

      Files.writeString(
          content.resolve("profiles").resolve("zeta-z1.ttl"),
          """
          @prefix tw:   <https://twinwright.io/ns#> .
          @prefix unit: <http://qudt.org/vocab/unit/> .
          <https://example.org/profiles/zeta-z1>
              a tw:VendorProfile ;
              tw:profileId "zeta-z1" ; tw:vendor "Zeta" ; tw:model "Z1" ;
              tw:payloadFormat tw:Json ;
              tw:field [ tw:pointer "/sensors/air/kelvin" ; tw:property tw:temperature ;
                         tw:unit unit:K ] .
          """);

      // keep publishing with the old profile while the new one is compiled and swapped in
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      int sent = 0;
      while (!platform.profiles().get().profileIds().contains("zeta-z1")
          && System.nanoTime() < deadline) {
        steady
            .publishWith()
            .topic("event")
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(("{\"t\": " + (2000 + sent++) + "}").getBytes(StandardCharsets.UTF_8))
            .send();
        TimeUnit.MILLISECONDS.sleep(20);
      }
      assertThat(platform.profiles().get().profileIds()).contains("zeta-z1", "nordlys-ens2");
      for (int i = 0; i < 20; i++) {
        steady
            .publishWith()
            .topic("event")
            .qos(MqttQos.AT_LEAST_ONCE)
            .payload(("{\"t\": " + (2000 + sent++) + "}").getBytes(StandardCharsets.UTF_8))
            .send();
      }
      assertThat(steady.getState().isConnected()).isTrue();
      assertThat(platform.stats().messagesRejected()).isEqualTo(rejectedBefore);

      Fixtures.provision(platform, "plant", "zeta-1", "zeta-z1", "pw-zeta");
      Mqtt3BlockingClient zeta = connect(platform, "zeta-1", "pw-zeta");
      zeta.publishWith()
          .topic("event")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(
              "{\"sensors\": {\"air\": {\"kelvin\": 295.15}}}".getBytes(StandardCharsets.UTF_8))
          .send();
      var twin =
          JSON.readTree(Fixtures.http(platform, "GET", "/api/2/things/plant:zeta-1", null).body());
      assertThat(twin.at("/features/temperature/properties/value").asDouble()).isEqualTo(22.0);
      zeta.disconnect();
      steady.disconnect();
    } finally {
      platform.close();
    }
  }
}
