package io.twinwright.adapters.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import java.util.UUID;

/** HiveMQ clients of the adapter under test on this machine, each with a fresh client id. */
final class MqttTestClients {
  private MqttTestClients() {}

  /** A client builder for the adapter on {@code port}; pick the MQTT version and build. */
  static MqttClientBuilder local(int port) {
    return MqttClient.builder()
        .identifier(UUID.randomUUID().toString())
        .serverHost("127.0.0.1")
        .serverPort(port);
  }
}
