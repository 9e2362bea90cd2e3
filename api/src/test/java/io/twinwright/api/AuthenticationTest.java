package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class AuthenticationTest extends SecuredApiTestBase {

  @Test
  void requests_without_or_with_wrong_credentials_get_401_with_a_challenge(VertxTestContext tc)
      throws Exception {
    HttpResponse<Buffer> none = call(HttpMethod.GET, "/api/2/things/acme:t1", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.getHeader("WWW-Authenticate")).contains("Basic").contains("Bearer");
    assertThat(json(none).getString("error")).isEqualTo("gateway:authentication.failed");

    HttpResponse<Buffer> wrong =
        send(client.get("/api/2/things/acme:t1").basicAuthentication("alice", "nope"), null);
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> unknown =
        send(client.get("/api/2/things/acme:t1").basicAuthentication("eve", PASSWORD), null);
    assertThat(unknown.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> garbage =
        send(client.get("/api/2/things/acme:t1").putHeader("Authorization", "Basic %%%"), null);
    assertThat(garbage.statusCode()).isEqualTo(401);
    tc.completeNow();
  }

  @Test
  void basic_users_reach_their_twins_and_health_stays_public(VertxTestContext tc) throws Exception {
    assertThat(call(HttpMethod.GET, "/health", null, null).statusCode()).isEqualTo(200);
    assertThat(call(HttpMethod.PUT, "/api/2/things/acme:t1", "alice", "{}").statusCode())
        .isEqualTo(201);
    HttpResponse<Buffer> read = call(HttpMethod.GET, "/api/2/things/acme:t1", "alice", null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(json(read).getString("thingId")).isEqualTo("acme:t1");
    tc.completeNow();
  }

  @Test
  void bearer_tokens_authenticate_with_their_subject_and_tenant(Vertx vertx, VertxTestContext tc)
      throws Exception {
    String good =
        token(vertx, JWT_SECRET, new JsonObject().put("sub", "device-app").put("tenant", "acme"));
    HttpResponse<Buffer> created =
        send(client.put("/api/2/things/acme:t2").bearerTokenAuthentication(good), "{}");
    assertThat(created.statusCode()).isEqualTo(201);
    HttpResponse<Buffer> policy =
        send(client.get("/api/2/policies/acme:t2").bearerTokenAuthentication(good), null);
    assertThat(policy.statusCode()).isEqualTo(200);
    assertThat(
            json(policy)
                .getJsonObject("entries")
                .getJsonObject("DEFAULT")
                .getJsonObject("subjects")
                .fieldNames())
        .contains("jwt:device-app");

    String forged =
        token(
            vertx,
            "another-secret-of-at-least-32-characters",
            new JsonObject().put("sub", "device-app").put("tenant", "acme"));
    assertThat(
            send(client.get("/api/2/things/acme:t2").bearerTokenAuthentication(forged), null)
                .statusCode())
        .isEqualTo(401);
    String noTenant = token(vertx, JWT_SECRET, new JsonObject().put("sub", "x"));
    assertThat(
            send(client.get("/api/2/things/acme:t2").bearerTokenAuthentication(noTenant), null)
                .statusCode())
        .isEqualTo(401);
    assertThat(
            send(client.get("/api/2/things/acme:t2").bearerTokenAuthentication("not.a.jwt"), null)
                .statusCode())
        .isEqualTo(401);
    tc.completeNow();
  }

  @Test
  void operator_apis_need_the_operator_role(Vertx vertx, VertxTestContext tc) throws Exception {
    HttpResponse<Buffer> tenantUser = call(HttpMethod.GET, "/v1/tenants/acme", "alice", null);
    assertThat(tenantUser.statusCode()).isEqualTo(403);
    assertThat(call(HttpMethod.GET, "/api/2/alerts", "alice", null).statusCode()).isEqualTo(403);
    assertThat(call(HttpMethod.GET, "/api/2/alerts", null, null).statusCode()).isEqualTo(401);
    assertThat(call(HttpMethod.GET, "/api/2/alerts", "op", null).statusCode()).isEqualTo(200);
    String operatorToken =
        token(
            vertx,
            JWT_SECRET,
            new JsonObject()
                .put("sub", "ops")
                .put("tenant", "acme")
                .put("roles", new JsonArray().add("operator")));
    assertThat(
            send(client.get("/api/2/alerts").bearerTokenAuthentication(operatorToken), null)
                .statusCode())
        .isEqualTo(200);
    tc.completeNow();
  }
}
