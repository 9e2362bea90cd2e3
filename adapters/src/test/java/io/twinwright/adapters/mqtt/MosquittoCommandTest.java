package io.twinwright.adapters.mqtt;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.command.CommandResponse;
import io.twinwright.adapters.command.CommandService;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A command round trip with the Mosquitto command-line clients as the device, so the topics are
 * checked against an MQTT implementation we did not write. Skipped when they are not installed
 * (Debian package {@code mosquitto-clients}; {@code .ci/run} installs it).
 */
class MosquittoCommandTest {

  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");

  private final AdapterConfig config = Fixtures.config();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private CommandService commands;
  private int port;

  @BeforeEach
  void start() {
    Assumptions.assumeTrue(
        onPath("mosquitto_sub") && onPath("mosquitto_pub"),
        "mosquitto_sub/mosquitto_pub not installed (apt-get install mosquitto-clients)");
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    DeviceRegistry registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(SENSOR, Registration.enabledDevice()));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "s3cret"))));
    commands =
        new CommandService(
            vertx, mongo.database(), () -> {}, Clock.systemUTC(), Duration.ofHours(1));
    await(commands.start());
    MqttAdapter adapter =
        new MqttAdapter(
            vertx,
            config,
            registry,
            new Fixtures.RecordingDownstream(),
            new Fixtures.RecordingListener(),
            commands);
    await(vertx.deployVerticle(adapter));
    port = adapter.actualPort();
  }

  @AfterEach
  void stop() {
    if (vertx != null) {
      await(commands.close());
      await(vertx.close());
      mongo.close();
    }
  }

  @Test
  void mosquitto_clients_receive_and_answer_a_request() throws Exception {
    // sent while the device is offline: it waits in the outbox until mosquitto_sub subscribes
    Future<CommandResponse> answer =
        commands.request(
            SENSOR,
            "read-firmware",
            "text/plain",
            "?".getBytes(StandardCharsets.UTF_8),
            Duration.ofSeconds(30));

    String line =
        run(
            List.of(
                "mosquitto_sub",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(port),
                "-u",
                "sensor-1@acme",
                "-P",
                "s3cret",
                "-q",
                "1",
                "-t",
                "command///req/#",
                "-C",
                "1",
                "-v",
                "-W",
                "10"));

    // "-v" prints "<topic> <payload>"
    String topic = line.substring(0, line.indexOf(' '));
    assertThat(line.substring(line.indexOf(' ') + 1).trim()).isEqualTo("?");
    String[] segments = topic.split("/", -1);
    assertThat(segments[3]).isEqualTo("req");
    assertThat(segments[5]).isEqualTo("read-firmware");
    String requestId = segments[4];

    run(
        List.of(
            "mosquitto_pub",
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-u",
            "sensor-1@acme",
            "-P",
            "s3cret",
            "-q",
            "1",
            "-t",
            "command///res/" + requestId + "/200",
            "-m",
            "2.4.1"));

    CommandResponse response = await(answer);
    assertThat(response.status()).isEqualTo(200);
    assertThat(new String(response.payload(), StandardCharsets.UTF_8)).isEqualTo("2.4.1");
  }

  /** Runs a client to completion and returns its standard output. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("mosquitto", ".out");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command.get(0) + " did not finish: " + Files.readString(out));
      }
      String output = Files.readString(out);
      assertThat(process.exitValue()).as(command.get(0) + " exit code; output: " + output).isZero();
      return output.strip();
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static boolean onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }
}
