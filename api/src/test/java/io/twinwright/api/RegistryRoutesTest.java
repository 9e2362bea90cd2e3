package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class RegistryRoutesTest extends ApiTestBase {
  private static final JsonObject REGISTRATION =
      new JsonObject(
          "{\"enabled\":true,\"ext\":{\"profile\":\"acme-th100\","
              + "\"model\":\"io.twinwright:environment-sensor:1.0.0\"},\"via\":[]}");
  private static final JsonArray CREDENTIALS =
      new JsonArray(
          "[{\"type\":\"hashed-password\",\"auth-id\":\"sensor-1\","
              + "\"secrets\":[{\"pwd-plain\":\"s3cret\"}]}]");

  @Test
  void creates_reads_updates_and_deletes_a_device(VertxTestContext tc) {
    String path = "/v1/devices/acme/sensor-1";
    expect(
        tc,
        client
            .post(path)
            .sendJsonObject(REGISTRATION)
            .compose(
                created -> {
                  assertThat(created.statusCode()).isEqualTo(201);
                  assertThat(created.getHeader("Location")).isEqualTo(path);
                  assertThat(json(created)).isEqualTo(new JsonObject().put("id", "sensor-1"));
                  return client.get(path).send();
                })
            .compose(
                read -> {
                  assertThat(read.statusCode()).isEqualTo(200);
                  assertThat(json(read)).isEqualTo(REGISTRATION);
                  return client.put(path).sendJsonObject(new JsonObject().put("enabled", false));
                })
            .compose(
                updated -> {
                  assertThat(updated.statusCode()).isEqualTo(204);
                  return client.get(path).send();
                })
            .compose(
                read -> {
                  assertThat(json(read).getBoolean("enabled")).isFalse();
                  return client.delete(path).send();
                })
            .compose(
                deleted -> {
                  assertThat(deleted.statusCode()).isEqualTo(204);
                  return client.get(path).send();
                }),
        gone -> {
          assertThat(gone.statusCode()).isEqualTo(404);
          assertThat(json(gone).getString("error")).isNotBlank();
        });
  }

  @Test
  void creates_a_device_without_a_body(VertxTestContext tc) {
    expect(
        tc,
        client.post("/v1/devices/acme/bare").send(),
        r -> assertThat(r.statusCode()).isEqualTo(201));
  }

  @Test
  void refuses_to_create_a_device_twice(VertxTestContext tc) {
    String path = "/v1/devices/acme/sensor-1";
    expect(
        tc,
        client.post(path).sendJsonObject(REGISTRATION).compose(r -> client.post(path).send()),
        r -> {
          assertThat(r.statusCode()).isEqualTo(409);
          assertThat(json(r).fieldNames()).containsExactly("error");
        });
  }

  @Test
  void stores_credentials_and_never_returns_secrets(VertxTestContext tc) {
    expect(
        tc,
        client
            .post("/v1/devices/acme/sensor-1")
            .send()
            .compose(r -> client.put("/v1/credentials/acme/sensor-1").sendJson(CREDENTIALS))
            .compose(
                put -> {
                  assertThat(put.statusCode()).isEqualTo(204);
                  return client.get("/v1/credentials/acme/sensor-1").send();
                }),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonArray())
              .isEqualTo(
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("type", "hashed-password")
                              .put("auth-id", "sensor-1")
                              .put("enabled", true)));
          assertThat(r.bodyAsString()).doesNotContain("s3cret");
        });
  }

  @Test
  void answers_credentials_of_an_unknown_device_with_404(VertxTestContext tc) {
    expect(
        tc,
        client.put("/v1/credentials/acme/nobody").sendJson(CREDENTIALS),
        r -> {
          assertThat(r.statusCode()).isEqualTo(404);
          assertThat(json(r).getString("error")).contains("nobody");
        });
  }

  @Test
  void rejects_credentials_without_auth_id(VertxTestContext tc) {
    JsonArray broken = new JsonArray().add(new JsonObject().put("type", "hashed-password"));
    expect(
        tc,
        client
            .post("/v1/devices/acme/sensor-1")
            .send()
            .compose(r -> client.put("/v1/credentials/acme/sensor-1").sendJson(broken)),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(json(r).getString("error")).contains("auth-id");
        });
  }

  @Test
  void rejects_credentials_that_are_not_an_array(VertxTestContext tc) {
    expect(
        tc,
        client.put("/v1/credentials/acme/sensor-1").sendJsonObject(new JsonObject()),
        r -> assertThat(r.statusCode()).isEqualTo(400));
  }

  @Test
  void rejects_malformed_json_in_honos_error_shape(VertxTestContext tc) {
    expect(
        tc,
        client
            .post("/v1/devices/acme/sensor-1")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("{\"enabled\": tru")),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(json(r).fieldNames()).containsExactly("error");
        });
  }

  @Test
  void rejects_a_registration_with_wrongly_typed_members(VertxTestContext tc) {
    expect(
        tc,
        client
            .post("/v1/devices/acme/sensor-1")
            .sendJsonObject(new JsonObject().put("enabled", "yes")),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(json(r).getString("error")).contains("enabled");
        });
  }

  @Test
  void rejects_an_invalid_tenant(VertxTestContext tc) {
    expect(
        tc,
        client.post("/v1/devices/9tenant/sensor-1").send(),
        r -> assertThat(r.statusCode()).isEqualTo(400));
  }

  @Test
  void rejects_an_oversized_body_with_413(VertxTestContext tc) {
    String huge = "x".repeat(300 * 1024);
    expect(
        tc,
        client
            .post("/v1/devices/acme/sensor-1")
            .sendJsonObject(new JsonObject().put("ext", new JsonObject().put("blob", huge)))
            .compose(
                r -> {
                  assertThat(r.statusCode()).isEqualTo(413);
                  assertThat(json(r).fieldNames()).containsExactly("error");
                  // The server is still serving afterwards.
                  return client.get("/v1/devices/acme/sensor-1").send();
                }),
        r -> assertThat(r.statusCode()).isEqualTo(404));
  }

  @Test
  void answers_unknown_management_paths_in_honos_error_shape(VertxTestContext tc) {
    expect(
        tc,
        client.get("/v1/tenants/acme").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(404);
          assertThat(json(r).fieldNames()).containsExactly("error");
        });
  }
}
