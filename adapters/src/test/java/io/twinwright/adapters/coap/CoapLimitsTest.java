package io.twinwright.adapters.coap;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Message rate limits on the CoAP endpoint, with Californium's client. */
class CoapLimitsTest {
  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");

  private final AdapterConfig config =
      Fixtures.config()
          .withCoapPorts(0, 0)
          .withCoapAllowUnauthenticated(true)
          .withLimits(new AdapterConfig.Limits(2, 1000, 100, 5, Duration.ofSeconds(60)));
  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private final Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private CoapAdapter adapter;
  private CoapClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    DeviceRegistry registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(SENSOR, Registration.of("acme-thermo-v1", "urn:tm:thermo")));
    adapter =
        new CoapAdapter(vertx, config, registry, downstream, new RecordingCommands(), listener);
    await(adapter.start());
    client = CoapDevices.plain(adapter.coapPort(), "/telemetry/acme/sensor-1");
  }

  @AfterEach
  void stop() {
    CoapDevices.close(client);
    await(adapter.stop());
    await(vertx.close());
    mongo.close();
  }

  @Test
  void a_device_over_its_rate_is_answered_4_29_and_reported() throws Exception {
    ResponseCode refused = null;
    for (int i = 0; i < 10 && refused == null; i++) {
      CoapResponse response = client.put("{\"t\":1}", MediaTypeRegistry.APPLICATION_JSON);
      assertThat(response).withFailMessage("no response").isNotNull();
      if (response.getCode() != ResponseCode.CHANGED) {
        refused = response.getCode();
        assertThat(response.getResponseText()).contains("device-rate");
      }
    }
    assertThat(refused).isEqualTo(ResponseCode.TOO_MANY_REQUESTS);
    assertThat(downstream.received).hasSizeLessThan(10);
    assertThat(listener.next("rate-limited").device()).contains(SENSOR);
  }
}
