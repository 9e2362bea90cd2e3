package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationsRoutesTest extends ApiTestBase {
  private static final Instant RAISED = Instant.parse("2025-01-02T03:04:05Z");

  private static AlertView alert(String id, String thingId, String state) {
    return new AlertView(
        id,
        thingId,
        "battery.low",
        "major",
        "battery below 15 %",
        Map.of("battery", 12.5, "threshold", 15),
        RAISED,
        RAISED.plusSeconds(60),
        state);
  }

  @Test
  void lists_alerts_filtered_by_thing_and_state(VertxTestContext tc) {
    alerts.add(alert("a1", "acme:s1", "active"));
    alerts.add(alert("a2", "acme:s1", "cleared"));
    alerts.add(alert("a3", "acme:s2", "active"));

    expect(
        tc,
        client
            .get("/api/2/alerts")
            .addQueryParam("thingId", "acme:s1")
            .addQueryParam("state", "active")
            .send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonArray())
              .isEqualTo(
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("id", "a1")
                              .put("thingId", "acme:s1")
                              .put("code", "battery.low")
                              .put("severity", "major")
                              .put("message", "battery below 15 %")
                              .put(
                                  "findings",
                                  new JsonObject().put("battery", 12.5).put("threshold", 15))
                              .put("raisedAt", "2025-01-02T03:04:05Z")
                              .put("updatedAt", "2025-01-02T03:05:05Z")
                              .put("state", "active")));
        });
  }

  @Test
  void reports_health_with_the_platform_status(VertxTestContext tc) {
    status = () -> new JsonObject().put("twins", 3).put("devices", 2).put("status", "ignored");

    expect(
        tc,
        client.get("/health").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          JsonObject body = json(r);
          assertThat(body.getString("status")).isEqualTo("UP");
          assertThat(body.getInteger("twins")).isEqualTo(3);
          assertThat(body.getInteger("devices")).isEqualTo(2);
          assertThat(body.getInteger("eventStreams")).isZero();
        });
  }

  @Test
  void reports_down_with_the_reason_when_the_platform_says_a_component_failed(VertxTestContext tc) {
    status =
        () ->
            new JsonObject()
                .put("status", "DOWN")
                .put("components", new JsonObject().put("rules", "failed: cache unreadable"));

    expect(
        tc,
        client.get("/health").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(503);
          JsonObject body = json(r);
          assertThat(body.getString("status")).isEqualTo("DOWN");
          assertThat(body.getJsonObject("components").getString("rules"))
              .isEqualTo("failed: cache unreadable");
        });
  }

  @Test
  void reports_down_when_the_platform_status_fails(VertxTestContext tc) {
    status =
        () -> {
          throw new IllegalStateException("store unreachable");
        };

    expect(
        tc,
        client.get("/health").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(503);
          assertThat(json(r).getString("status")).isEqualTo("DOWN");
        });
  }

  @Test
  void answers_unknown_api_paths_in_dittos_error_shape(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/nothing/here").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(404);
          JsonObject body = json(r);
          assertThat(body.fieldNames())
              .containsExactlyInAnyOrder("status", "error", "message", "description");
          assertThat(body.getInteger("status")).isEqualTo(404);
        });
  }

  @Test
  void answers_an_unsupported_method_with_405(VertxTestContext tc) {
    expect(
        tc,
        client.delete("/api/2/search/things").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(405);
          assertThat(json(r).getInteger("status")).isEqualTo(405);
        });
  }
}
