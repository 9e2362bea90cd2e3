package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands from the Ditto-style API to MQTT devices through the real platform. */
class CommandsEndToEndTest {
  @TempDir Path dataDir;

  @Test
  void a_command_for_an_offline_device_survives_a_restart_and_is_delivered_on_connect()
      throws Exception {
    Platform first = Platform.start(Fixtures.config(dataDir, Map.of()));
    try {
      Fixtures.provision(first, "site", "v1", "nordlys-ens2", "pw-v1");
      var accepted =
          Fixtures.http(
              first, "POST", "/api/2/things/site:v1/inbox/messages/open?timeout=0", "{\"to\":50}");
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      var second =
          Fixtures.http(
              first, "POST", "/api/2/things/site:v1/inbox/messages/close?timeout=0", "{}");
      assertThat(second.statusCode()).isEqualTo(202);
    } finally {
      first.close();
    }

    Platform again = Platform.start(Fixtures.config(dataDir, Map.of()));
    try {
      assertThat(again.commands().pending()).isEqualTo(2);
      BlockingQueue<Mqtt3Publish> received = new LinkedBlockingQueue<>();
      Mqtt3AsyncClient device = connect(again, "v1@site", "pw-v1");
      try {
        device
            .subscribeWith()
            .topicFilter("command///req/#")
            .qos(MqttQos.AT_LEAST_ONCE)
            .callback(received::add)
            .send()
            .get(5, TimeUnit.SECONDS);

        Mqtt3Publish open = received.poll(10, TimeUnit.SECONDS);
        Mqtt3Publish close = received.poll(10, TimeUnit.SECONDS);
        assertThat(open).isNotNull();
        assertThat(open.getTopic().toString()).isEqualTo("command///req//open");
        assertThat(new String(open.getPayloadAsBytes(), StandardCharsets.UTF_8))
            .isEqualTo("{\"to\":50}");
        assertThat(close).isNotNull();
        assertThat(close.getTopic().toString()).isEqualTo("command///req//close");
      } finally {
        device.disconnect();
      }
    } finally {
      again.close();
    }
  }

  @Test
  void an_application_gets_the_answer_of_an_mqtt_device_through_the_api() throws Exception {
    Platform platform = Platform.start(Fixtures.config(dataDir, Map.of()));
    try {
      Fixtures.provision(platform, "site", "v2", "nordlys-ens2", "pw-v2");
      Mqtt3AsyncClient device = connect(platform, "v2@site", "pw-v2");
      try {
        // the device answers every request with the command's payload reversed
        device
            .subscribeWith()
            .topicFilter("command///req/#")
            .qos(MqttQos.AT_LEAST_ONCE)
            .callback(
                command -> {
                  String[] s = command.getTopic().toString().split("/", -1);
                  String body = new String(command.getPayloadAsBytes(), StandardCharsets.UTF_8);
                  device
                      .publishWith()
                      .topic("command///res/" + s[4] + "/200")
                      .qos(MqttQos.AT_LEAST_ONCE)
                      .payload(
                          new StringBuilder(body)
                              .reverse()
                              .toString()
                              .getBytes(StandardCharsets.UTF_8))
                      .send();
                })
            .send()
            .get(5, TimeUnit.SECONDS);

        var answer =
            Fixtures.http(
                platform, "POST", "/api/2/things/site:v2/inbox/messages/echo?timeout=5", "\"abc\"");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("\"cba\"");
        var unknown =
            Fixtures.http(
                platform, "POST", "/api/2/things/site:nobody/inbox/messages/echo?timeout=0", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"status\":404");
      } finally {
        device.disconnect();
      }
    } finally {
      platform.close();
    }
  }

  private static Mqtt3AsyncClient connect(Platform p, String user, String password)
      throws Exception {
    Mqtt3AsyncClient client =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("commands-" + System.nanoTime())
            .serverHost("127.0.0.1")
            .serverPort(p.ports().mqtt())
            .buildAsync();
    client
        .connectWith()
        .simpleAuth()
        .username(user)
        .password(password.getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send()
        .get(10, TimeUnit.SECONDS);
    return client;
  }
}
