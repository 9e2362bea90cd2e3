package io.twinwright.bench.mqtt;

import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A connected simulated device. Its message counter is advanced only by the pacer thread, so it
 * needs no synchronisation.
 */
public final class BenchDevice {
  private final DeviceLogin login;
  private final Mqtt3AsyncClient client;
  private long counter;

  BenchDevice(DeviceLogin login, Mqtt3AsyncClient client) {
    this.login = Objects.requireNonNull(login, "login");
    this.client = Objects.requireNonNull(client, "client");
  }

  public DeviceLogin login() {
    return login;
  }

  /** The number of this device's next message, from 0. */
  public long nextCounter() {
    return counter++;
  }

  /**
   * Sends without waiting: the future completes when the message is written (QoS 0) or acknowledged
   * (QoS 1), and fails when it could not be sent.
   */
  public CompletableFuture<Mqtt3Publish> publish(Mqtt3Publish message) {
    return client.publish(message);
  }

  CompletableFuture<Void> disconnect() {
    return client.disconnect();
  }
}
