package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinwright.twin.DeviceId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device provisioned with a PSK through Hono's management API reports over CoAPS. */
class CoapEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] KEY = "coap-device-psk-1".getBytes(StandardCharsets.UTF_8);

  @TempDir java.nio.file.Path dataDir;
  private Platform platform;
  private CoapClient client;

  @BeforeEach
  void start() {
    platform = Platform.start(Fixtures.config(dataDir, Map.of()));
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.getEndpoint().destroy();
      client.shutdown();
    }
    platform.close();
  }

  @Test
  void psk_device_provisioned_over_the_api_updates_its_twin_over_coaps() throws Exception {
    var created =
        Fixtures.http(
            platform,
            "POST",
            "/v1/devices/plant/coap-1",
            "{\"enabled\":true,\"ext\":{\"profile\":\"acme-th100\","
                + "\"model\":\"io.twinwright:environment-sensor:1.0.0\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String key = Base64.getEncoder().encodeToString(KEY);
    var credentials =
        Fixtures.http(
            platform,
            "PUT",
            "/v1/credentials/plant/coap-1",
            "[{\"type\":\"psk\",\"auth-id\":\"coap-1\",\"secrets\":[{\"key\":\"" + key + "\"}]}]");
    assertThat(credentials.statusCode()).as(credentials.body()).isEqualTo(204);
    var listed = Fixtures.http(platform, "GET", "/v1/credentials/plant/coap-1", null);
    assertThat(listed.body()).contains("\"psk\"").doesNotContain(key);

    client = dtlsClient(platform.ports().coaps(), "coap-1@plant", KEY);
    CoapResponse response = client.post("{\"temp_f\": 68}", MediaTypeRegistry.APPLICATION_JSON);
    assertThat(response).isNotNull();
    assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);

    // CON is at least once: 2.04 came only after the twin change was stored
    assertThat(thing("plant:coap-1").at("/features/temperature/properties/value").asDouble())
        .isEqualTo(20.0);
    assertThat(platform.stats().messagesAccepted()).isGreaterThanOrEqualTo(1);

    await(platform.registry().setQuarantined(DeviceId.of("plant", "coap-1"), true));
    CoapResponse refused = client.post("{\"temp_f\": 99}", MediaTypeRegistry.APPLICATION_JSON);
    assertThat(refused.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(thing("plant:coap-1").at("/features/temperature/properties/value").asDouble())
        .isEqualTo(20.0);
  }

  @Test
  void commands_reach_a_coap_device_waiting_with_ttd_and_its_response_reaches_the_application()
      throws Exception {
    Fixtures.http(
        platform,
        "POST",
        "/v1/devices/plant/coap-2",
        "{\"enabled\":true,\"ext\":{\"profile\":\"acme-th100\"}}");
    Fixtures.http(
        platform,
        "PUT",
        "/v1/credentials/plant/coap-2",
        "[{\"type\":\"psk\",\"auth-id\":\"coap-2\",\"secrets\":[{\"key\":\""
            + Base64.getEncoder().encodeToString(KEY)
            + "\"}]}]");
    // one-way, sent while the device is not listening: it waits in the outbox
    var oneWay =
        Fixtures.http(
            platform,
            "POST",
            "/api/2/things/plant:coap-2/inbox/messages/reboot?timeout=0",
            "{\"delay\":5}");
    assertThat(oneWay.statusCode()).as(oneWay.body()).isEqualTo(202);

    client = dtlsClient(platform.ports().coaps(), "coap-2@plant", KEY);
    client.setURI("coaps://127.0.0.1:" + platform.ports().coaps() + "/telemetry?hono-ttd=10");
    client.setTimeout(20_000L);
    CoapResponse delivered = client.post("{\"temp_f\": 50}", MediaTypeRegistry.APPLICATION_JSON);
    assertThat(delivered.getCode()).isEqualTo(ResponseCode.CONTENT);
    assertThat(delivered.getResponseText()).isEqualTo("{\"delay\":5}");
    assertThat(delivered.getOptions().getLocationQuery()).contains("hono-command=reboot");

    // request/response: the application waits while the device polls, executes and answers
    java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> answer =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return Fixtures.http(
                    platform,
                    "POST",
                    "/api/2/things/plant:coap-2/inbox/messages/read-config?timeout=20",
                    "{}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    CoapResponse request = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      request = client.post("{\"temp_f\": 51}", MediaTypeRegistry.APPLICATION_JSON);
      if (request.getCode() == ResponseCode.CONTENT) {
        break; // a poll may end empty (2.04) when it came before the command
      }
    }
    assertThat(request.getCode()).isEqualTo(ResponseCode.CONTENT);
    assertThat(request.getOptions().getLocationQuery()).contains("hono-command=read-config");
    String responsePath = String.join("/", request.getOptions().getLocationPath());
    assertThat(responsePath).startsWith("command_response/");

    client.setURI(
        "coaps://127.0.0.1:"
            + platform.ports().coaps()
            + "/"
            + responsePath
            + "?hono-cmd-status=200");
    CoapResponse accepted = client.post("{\"interval\":30}", MediaTypeRegistry.APPLICATION_JSON);
    assertThat(accepted.getCode()).isEqualTo(ResponseCode.CHANGED);
    var reply = answer.get(20, TimeUnit.SECONDS);
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.body()).isEqualTo("{\"interval\":30}");
  }

  @Test
  void plain_coap_is_closed_to_unauthenticated_devices_by_default() throws Exception {
    Fixtures.provision(platform, "plant", "open-1", "acme-th100", "pw");
    Configuration settings =
        new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
    client =
        new CoapClient(
            URI.create("coap://127.0.0.1:" + platform.ports().coap() + "/telemetry/plant/open-1"));
    client.setEndpoint(new CoapEndpoint.Builder().setConfiguration(settings).build());
    client.setTimeout(10_000L);
    CoapResponse response = client.put("{\"temp_f\": 68}", MediaTypeRegistry.APPLICATION_JSON);
    assertThat(response.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
  }

  private JsonNode thing(String thingId) throws Exception {
    var r = Fixtures.http(platform, "GET", "/api/2/things/" + thingId, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static CoapClient dtlsClient(int port, String identity, byte[] key) {
    Configuration settings =
        new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
    settings.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
    DtlsConnectorConfig dtls =
        new DtlsConnectorConfig.Builder(settings)
            .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
            .build();
    CoapClient created = new CoapClient(URI.create("coaps://127.0.0.1:" + port + "/telemetry"));
    created.setEndpoint(
        new CoapEndpoint.Builder()
            .setConfiguration(settings)
            .setConnector(new DTLSConnector(dtls))
            .build());
    created.setTimeout(10_000L);
    return created;
  }

  private static <T> T await(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
