package io.twinwright.adapters.mqtt;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A device that gives up while its login is still being checked (a client timeout, a flaky link)
 * must not leave a phantom connection behind: the security rules would see the device connected
 * twice at once when it comes back, and the connection count would only grow.
 */
class MqttConnectRaceTest {

  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");

  private final Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private MqttAdapter adapter;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    // a deliberately slow password check, so that the client is certainly gone before it ends
    DeviceRegistry registry =
        new DeviceRegistry(
            vertx, mongo.database(), Fixtures.config().withPasswordHashIterations(400_000));
    await(registry.start());
    await(registry.createDevice(SENSOR, Registration.enabledDevice()));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "s3cret"))));
    adapter =
        new MqttAdapter(
            vertx, Fixtures.config(), registry, new Fixtures.RecordingDownstream(), listener);
    await(vertx.deployVerticle(adapter));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
    mongo.close();
  }

  @Test
  void a_client_that_closes_before_its_login_is_answered_leaves_no_connection_behind()
      throws Exception {
    for (int i = 0; i < 3; i++) {
      try (Socket socket = new Socket("127.0.0.1", adapter.actualPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(connect("race-" + i, "sensor-1@acme", "s3cret"));
        out.flush();
        Thread.sleep(100); // the CONNECT is read and its password check started
      } // closed while the password is still being verified
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && adapter.loginsAbandoned() == 0) {
      Thread.sleep(20); // polling counters with a deadline
    }
    assertThat(adapter.loginsAbandoned())
        .as(
            "a login outlived its client (opened %d, closed %d, refused %d, open %d)",
            opened(), closed(), adapter.connectionsRefused(), adapter.connectionCount())
        .isPositive();
    while (System.nanoTime() < deadline
        && (adapter.connectionCount() != 0 || closed() != opened())) {
      Thread.sleep(20);
    }
    assertThat(adapter.connectionCount()).isZero();
    assertThat(closed()).isEqualTo(opened());
  }

  private long opened() {
    return listener.all.stream().filter(s -> s.kind().equals("connected")).count();
  }

  private long closed() {
    return listener.all.stream().filter(s -> s.kind().equals("disconnected")).count();
  }

  /** An MQTT 3.1.1 CONNECT packet with clean session, user name and password. */
  private static byte[] connect(String clientId, String user, String password) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(4); // protocol level 3.1.1
    body.write(0xC2); // user name, password, clean session
    body.write(0);
    body.write(60); // keep alive
    writeString(body, clientId);
    writeString(body, user);
    writeString(body, password);
    byte[] rest = body.toByteArray();
    ByteArrayOutputStream packet = new ByteArrayOutputStream();
    packet.write(0x10);
    packet.write(rest.length); // < 128, one length byte
    packet.write(rest, 0, rest.length);
    return packet.toByteArray();
  }

  private static void writeString(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >> 8);
    out.write(bytes.length & 0xFF);
    out.write(bytes, 0, bytes.length);
  }
}
