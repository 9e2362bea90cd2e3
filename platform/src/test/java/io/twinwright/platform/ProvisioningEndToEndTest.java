package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.twinwright.platform.config.ConfigKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants, certificates and zero-touch provisioning through the whole platform: the Hono management
 * API over HTTP, devices over MQTT with TLS, twins and audit read back over the API. Each test uses
 * its own tenants, so they share one platform.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvisioningEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLD_ROOM = "io.twinwright:cold-room-sensor:1.0.0";
  private static final TestPki.Issued SERVER_CA = TestPki.ca("CN=Platform Test Server CA");

  @TempDir static Path dir;
  private Platform platform;

  @BeforeAll
  void start() {
    Path[] pem = TestPki.server(SERVER_CA).writePem(dir, "server");
    platform =
        Platform.start(
            Fixtures.config(
                dir.resolve("data"),
                Map.of(
                    ConfigKey.MQTT_TLS_PORT, "0",
                    ConfigKey.TLS_CERT, pem[0].toString(),
                    ConfigKey.TLS_KEY, pem[1].toString())));
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  @Test
  void tenants_api_creates_reads_updates_and_deletes_with_hono_status_codes() throws Exception {
    TestPki.Issued ca = TestPki.ca("CN=Tenant CRUD CA,O=Crud");
    JsonObject body =
        new JsonObject()
            .put("enabled", true)
            .put(
                "trusted-ca",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("cert", TestPki.pem(ca.certificate()))
                            .put("auto-provisioning-enabled", true)
                            .put("auto-provisioning-device-id-template", "dev-{{subject-cn}}")))
            .put("ext", new JsonObject().put("default-model", COLD_ROOM));

    var created = api("POST", "/v1/tenants/crud", body.encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("location")).contains("/v1/tenants/crud");
    assertThat(new JsonObject(created.body()).getString("id")).isEqualTo("crud");
    assertThat(api("POST", "/v1/tenants/crud", body.encode()).statusCode()).isEqualTo(409);

    JsonObject read = new JsonObject(api("GET", "/v1/tenants/crud", null).body());
    assertThat(read.getBoolean("enabled")).isTrue();
    assertThat(read.getJsonObject("ext").getString("default-model")).isEqualTo(COLD_ROOM);
    JsonObject trusted = read.getJsonArray("trusted-ca").getJsonObject(0);
    assertThat(trusted.getString("subject-dn")).isEqualTo("CN=Tenant CRUD CA,O=Crud");
    assertThat(trusted.getString("public-key"))
        .isEqualTo(Base64.getEncoder().encodeToString(ca.keys().getPublic().getEncoded()));
    assertThat(trusted.getString("algorithm")).isEqualTo("EC");
    assertThat(trusted.getBoolean("auto-provisioning-enabled")).isTrue();
    assertThat(trusted.getString("auto-provisioning-device-id-template"))
        .isEqualTo("dev-{{subject-cn}}");
    assertThat(trusted.getString("not-after")).isNotBlank();

    // the subject-dn + public-key form, as GET returned it, is accepted back unchanged
    JsonObject disabled = read.copy().put("enabled", false);
    assertThat(api("PUT", "/v1/tenants/crud", disabled.encode()).statusCode()).isEqualTo(204);
    JsonObject reread = new JsonObject(api("GET", "/v1/tenants/crud", null).body());
    assertThat(reread.getBoolean("enabled")).isFalse();
    assertThat(reread.getJsonArray("trusted-ca")).isEqualTo(read.getJsonArray("trusted-ca"));

    // another tenant may not claim the same CA: the issuer decides a certificate's tenant
    assertThat(api("POST", "/v1/tenants/crudtwin", body.encode()).statusCode()).isEqualTo(409);
    assertThat(api("PUT", "/v1/tenants/nosuch", "{}").statusCode()).isEqualTo(404);
    assertThat(api("GET", "/v1/tenants/nosuch", null).statusCode()).isEqualTo(404);
    assertThat(api("DELETE", "/v1/tenants/nosuch", null).statusCode()).isEqualTo(404);

    assertThat(api("POST", "/v1/devices/crud/dev-1", "{}").statusCode()).isEqualTo(201);
    assertThat(api("DELETE", "/v1/tenants/crud", null).statusCode()).isEqualTo(204);
    assertThat(api("GET", "/v1/tenants/crud", null).statusCode()).isEqualTo(404);
    assertThat(api("GET", "/v1/devices/crud/dev-1", null).statusCode()).isEqualTo(404);
    assertThat(api("DELETE", "/v1/tenants/crud", null).statusCode()).isEqualTo(404);
  }

  @Test
  void tenants_api_refuses_invalid_tenant_objects_with_400() throws Exception {
    String[] invalid = {
      "{\"enabled\":\"yes\"}",
      "{\"trusted-ca\":{}}",
      "{\"trusted-ca\":[\"CN=x\"]}",
      "{\"trusted-ca\":[{\"subject-dn\":\"CN=x\"}]}",
      "{\"trusted-ca\":[{\"subject-dn\":\"CN=x\",\"public-key\":\"bm90IGEga2V5\"}]}",
      "{\"trusted-ca\":[{\"cert\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\"}]}",
      "{\"trusted-ca\":[{\"cert\":\""
          + pemBody()
          + "\",\"auto-provisioning-device-id-template\":\"{{nonsense}}\"}]}",
      "{\"ext\":{\"default-model\":42}}",
      "not json"
    };
    for (String body : invalid) {
      var response = api("POST", "/v1/tenants/bad", body);
      assertThat(response.statusCode()).as(body + " → " + response.body()).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getString("error")).isNotBlank();
    }
    assertThat(api("GET", "/v1/tenants/bad", null).statusCode()).isEqualTo(404);
    assertThat(api("POST", "/v1/tenants/not-valid!", "{}").statusCode()).isEqualTo(400);
  }

  @Test
  void x509_credentials_are_stored_normalised_and_listed_without_secrets() throws Exception {
    assertThat(api("POST", "/v1/devices/certs/cam-1", "{}").statusCode()).isEqualTo(201);
    assertThat(api("POST", "/v1/devices/certs/cam-2", "{}").statusCode()).isEqualTo(201);

    var put =
        api(
            "PUT",
            "/v1/credentials/certs/cam-1",
            "[{\"type\":\"x509-cert\",\"auth-id\":\"CN=cam-1, O=Certs\",\"enabled\":true},"
                + "{\"type\":\"hashed-password\",\"auth-id\":\"cam-1\","
                + "\"secrets\":[{\"pwd-plain\":\"pw\"}]}]");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
    JsonArray listed = new JsonArray(api("GET", "/v1/credentials/certs/cam-1", null).body());
    assertThat(listed)
        .containsExactly(
            new JsonObject()
                .put("type", "x509-cert")
                .put("auth-id", "CN=cam-1,O=Certs")
                .put("enabled", true),
            new JsonObject()
                .put("type", "hashed-password")
                .put("auth-id", "cam-1")
                .put("enabled", true));

    String sameSubject = "[{\"type\":\"x509-cert\",\"auth-id\":\"CN=cam-1,O=Certs\"}]";
    assertThat(api("PUT", "/v1/credentials/certs/cam-2", sameSubject).statusCode()).isEqualTo(409);
    assertThat(api("PUT", "/v1/credentials/certs/nosuch", sameSubject).statusCode()).isEqualTo(404);
    assertThat(
            api(
                    "PUT",
                    "/v1/credentials/certs/cam-2",
                    "[{\"type\":\"x509-cert\",\"auth-id\":\"no dn\"}]")
                .statusCode())
        .isEqualTo(400);
    assertThat(
            api(
                    "PUT",
                    "/v1/credentials/certs/cam-2",
                    "[{\"type\":\"x509-cert\",\"auth-id\":\"CN=cam-2\","
                        + "\"secrets\":[{\"pwd-plain\":\"x\"}]}]")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void a_registration_round_trips_and_its_model_shapes_the_twin() throws Exception {
    JsonObject registration =
        new JsonObject()
            .put("enabled", false)
            .put("via", new JsonArray().add("gw-1"))
            .put("defaults", new JsonObject().put("content-type", "application/json"))
            .put("authorities", new JsonArray().add("auto-provisioning-enabled"))
            .put(
                "ext",
                new JsonObject()
                    .put("model", COLD_ROOM)
                    .put("profile", "acme-th100")
                    .put("site", new JsonObject().put("room", 4)));
    assertThat(api("POST", "/v1/devices/shape/fridge-1", registration.encode()).statusCode())
        .isEqualTo(201);

    assertThat(new JsonObject(api("GET", "/v1/devices/shape/fridge-1", null).body()))
        .isEqualTo(registration);
    assertThat(thing("shape:fridge-1").at("/definition").asText()).isEqualTo(COLD_ROOM);

    JsonObject enabled = registration.copy().put("enabled", true).put("via", new JsonArray());
    assertThat(api("PUT", "/v1/devices/shape/fridge-1", enabled.encode()).statusCode())
        .isEqualTo(204);
    assertThat(new JsonObject(api("GET", "/v1/devices/shape/fridge-1", null).body()))
        .isEqualTo(enabled);
    assertThat(api("POST", "/v1/devices/shape/fridge-2", "{\"authorities\":[1]}").statusCode())
        .isEqualTo(400);
  }

  @Test
  void a_device_with_a_certificate_of_a_trusted_ca_is_provisioned_on_first_connect()
      throws Exception {
    TestPki.Issued ca = TestPki.ca("CN=Plant Factory CA,O=Plant");
    createTenant("plant", ca, true);
    TestPki.Issued certificate = TestPki.device(ca, "CN=press-7,OU=Hall 2,O=Plant");

    Mqtt5BlockingClient device =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("press-7-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(platform.ports().mqttTls())
            .sslConfig(
                MqttClientSslConfig.builder()
                    .trustManagerFactory(SERVER_CA.trustManagers())
                    .keyManagerFactory(certificate.keyManagers())
                    .build())
            .buildBlocking();
    device.connect(); // no user name: the certificate is the credential
    try {
      device
          .publishWith()
          .topic("telemetry")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload("{\"temp_f\": 35.6, \"rh\": 80}".getBytes(StandardCharsets.UTF_8))
          .send();
    } finally {
      device.disconnect();
    }

    JsonNode twin = thing("plant:press-7");
    assertThat(twin.at("/definition").asText()).isEqualTo(COLD_ROOM);
    assertThat(twin.at("/features/temperature/properties/value").asDouble()).isEqualTo(2.0);

    JsonObject registration = new JsonObject(api("GET", "/v1/devices/plant/press-7", null).body());
    assertThat(registration.getBoolean("enabled")).isTrue();
    assertThat(registration.getJsonObject("ext").getString("model")).isEqualTo(COLD_ROOM);
    assertThat(new JsonArray(api("GET", "/v1/credentials/plant/press-7", null).body()))
        .containsExactly(
            new JsonObject()
                .put("type", "x509-cert")
                .put("auth-id", "CN=press-7,OU=Hall 2,O=Plant")
                .put("enabled", true));

    JsonNode audit =
        poll("/api/2/audit?action=provision&thingId=plant:press-7", entries -> entries.size() == 1);
    assertThat(audit.get(0).at("/rule").asText()).isEqualTo("auto-provisioning");
    assertThat(audit.get(0).toString()).contains("CN=press-7");
  }

  @Test
  void a_certificate_of_a_ca_without_auto_provisioning_is_refused_and_nothing_registered()
      throws Exception {
    TestPki.Issued ca = TestPki.ca("CN=Closed CA,O=Closed");
    createTenant("closed", ca, false);

    Mqtt3BlockingClient device =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("intruder-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(platform.ports().mqttTls())
            .sslConfig(
                MqttClientSslConfig.builder()
                    .trustManagerFactory(SERVER_CA.trustManagers())
                    .keyManagerFactory(TestPki.device(ca, "CN=intruder,O=Closed").keyManagers())
                    .build())
            .buildBlocking();

    org.assertj.core.api.Assertions.assertThatThrownBy(device::connect)
        .hasMessageContaining("BAD_USER_NAME_OR_PASSWORD");
    assertThat(api("GET", "/v1/devices/closed/intruder", null).statusCode()).isEqualTo(404);
  }

  @Test
  void a_gateway_with_the_authority_provisions_the_devices_it_sends_for() throws Exception {
    assertThat(
            api(
                    "POST",
                    "/v1/tenants/yard",
                    "{\"ext\":{\"default-model\":\""
                        + COLD_ROOM
                        + "\",\"default-profile\":\"acme-th100\"}}")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            api(
                    "POST",
                    "/v1/devices/yard/gw-1",
                    "{\"authorities\":[\"auto-provisioning-enabled\"]}")
                .statusCode())
        .isEqualTo(201);
    Fixtures.provisionCredentials(platform, "yard", "gw-1", "gw-pw");

    Mqtt3BlockingClient gateway =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier("gw-1-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(platform.ports().mqtt())
            .buildBlocking();
    gateway
        .connectWith()
        .simpleAuth()
        .username("gw-1@yard")
        .password("gw-pw".getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();
    try {
      gateway
          .publishWith()
          .topic("telemetry/yard/probe-3")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload("{\"temp_f\": 41}".getBytes(StandardCharsets.UTF_8))
          .send();
    } finally {
      gateway.disconnect();
    }

    JsonNode twin = thing("yard:probe-3");
    assertThat(twin.at("/definition").asText()).isEqualTo(COLD_ROOM);
    assertThat(twin.at("/features/temperature/properties/value").asDouble()).isEqualTo(5.0);
    assertThat(
            new JsonObject(api("GET", "/v1/devices/yard/probe-3", null).body()).getJsonArray("via"))
        .containsExactly("gw-1");
    JsonNode audit = poll("/api/2/audit?action=provision&thingId=yard:probe-3", e -> e.size() == 1);
    assertThat(audit.get(0).toString()).contains("gateway gw-1");
  }

  // ---- helpers

  private void createTenant(String tenant, TestPki.Issued ca, boolean autoProvisioning)
      throws Exception {
    JsonObject body =
        new JsonObject()
            .put(
                "trusted-ca",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("subject-dn", ca.subjectDn())
                            .put(
                                "public-key",
                                Base64.getEncoder()
                                    .encodeToString(ca.keys().getPublic().getEncoded()))
                            .put("auto-provisioning-enabled", autoProvisioning)))
            .put(
                "ext",
                new JsonObject()
                    .put("default-model", COLD_ROOM)
                    .put("default-profile", "acme-th100"));
    var created = api("POST", "/v1/tenants/" + tenant, body.encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  /** A CA certificate as Base64 DER, the form Hono's {@code cert} member takes. */
  private static String pemBody() {
    try {
      return Base64.getEncoder()
          .encodeToString(TestPki.ca("CN=Template CA").certificate().getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> api(String method, String path, String body) throws Exception {
    return Fixtures.http(platform, method, path, body);
  }

  private JsonNode thing(String thingId) throws Exception {
    var r = api("GET", "/api/2/things/" + thingId, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /**
   * Polls an API path until its JSON answer satisfies the condition (the audit is written async).
   */
  private JsonNode poll(String path, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      var r = api("GET", path, null);
      if (r.statusCode() == 200) {
        last = JSON.readTree(r.body());
        if (condition.test(last)) {
          return last;
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // poll interval
    }
    throw new AssertionError("no matching answer from " + path + "; last: " + last);
  }
}
