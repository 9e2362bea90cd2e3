package io.twinwright.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the real command line against an in-process stub of the platform. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttLoadEndToEndTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Vertx vertx;
  private StubPlatform stub;

  @BeforeEach
  void startStub() throws Exception {
    vertx = Vertx.vertx();
    stub = StubPlatform.start(vertx);
  }

  @AfterEach
  void stopStub() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private int bench(String... options) {
    List<String> args = new ArrayList<>(List.of("mqtt-load"));
    args.addAll(List.of(options));
    CommandLine cli = BenchMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args.toArray(String[]::new));
  }

  @Test
  void provisions_publishes_and_measures_twin_and_puback_latency(@TempDir Path dir)
      throws Exception {
    stub.preRegister("e2e", "bench-0003");
    Path json = dir.resolve("report.json");

    int exit =
        bench(
            "--api-url", stub.apiUrl(),
            "--mqtt-host", "127.0.0.1",
            "--mqtt-port", Integer.toString(stub.mqttPort()),
            "--tenant", "e2e",
            "--devices", "20",
            "--rate", "400",
            "--duration", "1s",
            "--warmup", "500ms",
            "--qos", "1",
            "--sample", "5",
            "--connect-rate", "200",
            "--report-interval", "500ms",
            "--drain", "5s",
            "--json-out", json.toString());

    assertThat(exit).as(out + "\n" + err).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.at("/provisioning/created").asInt()).isEqualTo(19);
    assertThat(report.at("/provisioning/existing").asInt()).isEqualTo(1);
    assertThat(report.at("/connections/connected").asInt()).isEqualTo(20);
    long sent = report.at("/publishing/sent").asLong();
    assertThat(sent + report.at("/publishing/warmupSent").asLong()).isEqualTo(600);
    assertThat(sent).isBetween(395L, 420L);
    assertThat(report.at("/publishing/failed").asLong()).isZero();
    assertThat(report.at("/publishing/acknowledged").asLong()).isEqualTo(sent);
    assertThat(stub.publishes()).isEqualTo(600);
    assertThat(stub.created()).isEqualTo(19);

    assertThat(report.at("/twins/sampledDevices").asInt()).isEqualTo(5);
    long matched = report.at("/twins/matched").asLong();
    assertThat(matched).isPositive().isEqualTo(report.at("/twins/expected").asLong());
    assertThat(report.at("/latencyMillis/publishToTwin/count").asLong()).isEqualTo(matched);
    assertThat(report.at("/latencyMillis/publishToTwin/p99Millis").asDouble()).isPositive();
    assertThat(report.at("/latencyMillis/publishToAck/count").asLong()).isEqualTo(sent);

    assertThat(report.at("/health/twinUpdateCounter").asText()).isEqualTo("twins.updates");
    // the measure-start reading is taken a round trip after measuring starts: allow a few messages
    assertThat(report.at("/health/deltas/twins.updates").asDouble())
        .isCloseTo(sent, org.assertj.core.data.Offset.offset(20.0));
    assertThat(report.at("/health/before/status").asText()).isEqualTo("UP");
    assertThat(report.at("/machine/cores").asInt()).isPositive();

    assertThat(out.toString())
        .contains("=== twinwright-bench mqtt-load summary ===")
        .contains("publish -> twin")
        .contains("publish -> PUBACK")
        .containsPattern("\\[\\s*\\d+\\.\\ds\\] (warmup |measure)");
  }

  @Test
  void telemetry_at_qos_0_completes_without_acknowledgements() {
    int exit =
        bench(
            "--api-url", stub.apiUrl(),
            "--mqtt-host", "127.0.0.1",
            "--mqtt-port", Integer.toString(stub.mqttPort()),
            "--devices", "10",
            "--rate", "200",
            "--duration", "500ms",
            "--warmup", "0s",
            "--sample", "3");

    assertThat(exit).as(out + "\n" + err).isZero();
    assertThat(stub.publishes()).isEqualTo(100);
    assertThat(out.toString())
        .contains("100 sent")
        .contains("0 failed")
        .doesNotContain("publish -> PUBACK");
  }

  @Test
  void follows_a_twin_stream_whose_headers_arrive_only_with_the_first_event(@TempDir Path dir)
      throws Exception {
    stub.holdStreamHeadersUntilFirstEvent();
    Path json = dir.resolve("report.json");

    int exit =
        bench(
            "--api-url", stub.apiUrl(),
            "--mqtt-host", "127.0.0.1",
            "--mqtt-port", Integer.toString(stub.mqttPort()),
            "--devices", "5",
            "--rate", "100",
            "--duration", "1s",
            "--warmup", "0s",
            "--json-out", json.toString());

    assertThat(exit).as(out + "\n" + err).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.at("/twins/matched").asLong())
        .isPositive()
        .isEqualTo(report.at("/twins/expected").asLong());
    assertThat(report.at("/twins/streamsEndedEarly").asLong()).isZero();
  }

  @Test
  void exits_3_with_a_clear_message_when_the_api_is_unreachable() throws Exception {
    int exit = bench("--api-url", "http://127.0.0.1:" + closedPort(), "--devices", "1");

    assertThat(exit).isEqualTo(ExitCode.UNREACHABLE.code());
    assertThat(err.toString()).contains("platform API unreachable at http://127.0.0.1:");
  }

  @Test
  void exits_3_with_a_clear_message_when_mqtt_is_unreachable() throws Exception {
    int exit =
        bench(
            "--api-url",
            stub.apiUrl(),
            "--mqtt-host",
            "127.0.0.1",
            "--mqtt-port",
            Integer.toString(closedPort()),
            "--devices",
            "2");

    assertThat(exit).isEqualTo(ExitCode.UNREACHABLE.code());
    assertThat(err.toString()).contains("MQTT endpoint unreachable at 127.0.0.1:");
  }

  @Test
  void exits_1_when_the_platform_refuses_the_device_credentials() {
    int exit =
        bench(
            "--api-url",
            stub.apiUrl(),
            "--mqtt-host",
            "127.0.0.1",
            "--mqtt-port",
            Integer.toString(stub.mqttPort()),
            "--devices",
            "2",
            "--no-provision");

    assertThat(exit).isEqualTo(ExitCode.FAILED.code());
    assertThat(err.toString()).contains("refused device bench-0000");
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
