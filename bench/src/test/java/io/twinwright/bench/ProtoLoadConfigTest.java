package io.twinwright.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.bench.ProtoLoadConfig.Protocol;
import io.twinwright.bench.provision.Provisioner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProtoLoadConfigTest {
  private static ProtoLoadConfig parse(ProtoLoadCommand command, String... args) {
    new CommandLine(command).parseArgs(args);
    return command.toConfig();
  }

  @Test
  void command_line_defaults_are_the_protocol_defaults() {
    assertThat(parse(new HttpLoadCommand())).isEqualTo(ProtoLoadConfig.defaults(Protocol.HTTP));
    assertThat(parse(new CoapLoadCommand())).isEqualTo(ProtoLoadConfig.defaults(Protocol.COAP));
    assertThat(ProtoLoadConfig.defaults(Protocol.HTTP).port()).isEqualTo(8081);
    assertThat(ProtoLoadConfig.defaults(Protocol.COAP).port()).isEqualTo(5684);
  }

  @Test
  void http_load_reads_its_options() {
    ProtoLoadConfig config =
        parse(
            new HttpLoadCommand(),
            "--devices",
            "200",
            "--in-flight",
            "64",
            "--duration",
            "30s",
            "--port",
            "38081",
            "--qos1",
            "--api-user",
            "bench",
            "--api-password",
            "pw");

    assertThat(config.devices()).isEqualTo(200);
    assertThat(config.inFlight()).isEqualTo(64);
    assertThat(config.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.port()).isEqualTo(38081);
    assertThat(config.qos1()).isTrue();
    assertThat(config.apiAuthorization())
        .contains(
            "Basic "
                + Base64.getEncoder().encodeToString("bench:pw".getBytes(StandardCharsets.UTF_8)));
    assertThat(config.deviceAuthorization(config.deviceId(3)))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        "bench-http-0003@bench:bench-secret".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void coap_load_has_no_qos_header_and_a_stable_16_byte_psk_per_device() {
    assertThatThrownBy(() -> parse(new CoapLoadCommand(), "--qos1"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    ProtoLoadConfig config = parse(new CoapLoadCommand(), "--devices", "5");
    byte[] key = config.pskOf(config.deviceId(0));
    assertThat(key).hasSize(16).isEqualTo(config.pskOf("bench-coap-0000"));
    assertThat(config.pskOf(config.deviceId(1))).isNotEqualTo(key);
    assertThat(config.login(config.deviceId(0))).isEqualTo("bench-coap-0000@bench");

    JsonArray body = Provisioner.pskCredentials(config::pskOf).apply("bench-coap-0000");
    JsonObject credential = body.getJsonObject(0);
    assertThat(credential.getString("type")).isEqualTo("psk");
    assertThat(credential.getString("auth-id")).isEqualTo("bench-coap-0000");
    assertThat(
            Base64.getDecoder()
                .decode(credential.getJsonArray("secrets").getJsonObject(0).getString("key")))
        .isEqualTo(key);
  }

  @Test
  void rejects_bad_values() {
    assertThatThrownBy(() -> parse(new HttpLoadCommand(), "--in-flight", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inFlight");
    assertThatThrownBy(() -> parse(new HttpLoadCommand(), "--api-user", "bench"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiPassword");
    assertThatThrownBy(() -> parse(new CoapLoadCommand(), "--devices", "5000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("devices");
    assertThatThrownBy(() -> parse(new HttpLoadCommand(), "--duration", "0s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duration");
    assertThatThrownBy(
            () ->
                new ProtoLoadConfig(
                    Protocol.COAP,
                    "localhost",
                    5684,
                    java.net.URI.create("http://localhost:8080"),
                    "bench",
                    "bench-",
                    1,
                    1,
                    Duration.ofSeconds(1),
                    Duration.ZERO,
                    true,
                    true,
                    "pw",
                    1,
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("qos1");
  }
}
