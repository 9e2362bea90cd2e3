package io.twinwright.adapters.coap;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.command.CommandGateway;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.vertx.core.Vertx;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * libcoap's {@code coap-client-notls} (Debian package libcoap3-bin) against the plain endpoint,
 * with Hono's unauthenticated form allowed. Skipped where the binary is not installed.
 */
class CoapClientBinaryTest {

  private static final String BINARY = "coap-client-notls";
  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");

  private final AdapterConfig config =
      Fixtures.config().withCoapPorts(0, 0).withCoapAllowUnauthenticated(true);
  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private Path binary;
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private CoapAdapter adapter;

  @BeforeEach
  void start() {
    Optional<Path> found = onPath(BINARY);
    Assumptions.assumeTrue(
        found.isPresent(), BINARY + " is not installed (apt-get install libcoap3-bin)");
    binary = found.get();
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    DeviceRegistry registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(SENSOR, Registration.of("acme-thermo-v1", "urn:tm:thermo")));
    adapter =
        new CoapAdapter(
            vertx,
            config,
            registry,
            downstream,
            CommandGateway.NONE,
            new Fixtures.RecordingListener());
    await(adapter.start());
  }

  @AfterEach
  void stop() {
    if (adapter != null) {
      await(adapter.stop());
      await(vertx.close());
      mongo.close();
    }
  }

  @Test
  void coap_client_puts_telemetry_for_a_named_device() throws Exception {
    Result result =
        run(
            "-m",
            "put",
            "-t",
            "application/json",
            "-e",
            "{\"temp\": 5}",
            "coap://127.0.0.1:" + adapter.coapPort() + "/telemetry/acme/sensor-1");

    assertThat(result.exitCode()).withFailMessage("coap-client said: %s", result.output()).isZero();
    DeviceMessage message = downstream.next();
    assertThat(message.device()).isEqualTo(SENSOR);
    assertThat(message.channel()).isEqualTo(Channel.TELEMETRY);
    assertThat(message.qos()).isEqualTo(1);
    assertThat(message.contentType()).isEqualTo("application/json");
    assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"temp\": 5}");
  }

  @Test
  void coap_client_is_told_4_01_without_a_device_in_the_path() throws Exception {
    Result result =
        run("-m", "post", "-e", "{}", "coap://127.0.0.1:" + adapter.coapPort() + "/telemetry");

    // coap-client prints error response codes, and only those
    assertThat(result.output()).contains("4.01");
    assertThat(downstream.received).isEmpty();
  }

  private Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("-B");
    command.add("10");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(Fixtures.TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(BINARY + " did not finish");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output);
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private record Result(int exitCode, String output) {}
}
