package io.twinwright.api;

import static io.twinwright.api.FakeAlerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertRoutesTest extends OperatorApiTestBase {
  private HttpClient http;

  @AfterEach
  void closeClient(VertxTestContext tc) {
    if (http == null) {
      tc.completeNow();
      return;
    }
    http.close().onComplete(tc.succeedingThenComplete());
  }

  private static List<String> ids(JsonArray array) {
    return array.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  void lists_alerts_filtered_by_code_severity_thing_and_state(VertxTestContext tc) {
    alerts.put(alert("a1", "acme:s1", "overheating", "critical", "active"));
    alerts.put(alert("a2", "acme:s1", "device-silent", "warning", "active"));
    alerts.put(alert("a3", "acme:s2", "overheating", "critical", "active"));
    alerts.put(alert("a4", "acme:s1", "overheating", "critical", "cleared"));

    expect(
        tc,
        client
            .get("/api/2/alerts")
            .addQueryParam("thingId", "acme:s1")
            .addQueryParam("code", "overheating")
            .addQueryParam("severity", "CRITICAL")
            .addQueryParam("state", "active")
            .send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(ids(r.bodyAsJsonArray())).containsExactly("a1");
          JsonObject a1 = r.bodyAsJsonArray().getJsonObject(0);
          assertThat(a1.getJsonObject("findings").getString("threshold")).isEqualTo("45.0");
          assertThat(a1.getString("raisedAt")).isEqualTo("2025-01-02T03:04:05Z");
        });
  }

  @Test
  void rejects_an_unknown_state_filter_in_dittos_error_shape(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/alerts?state=burning").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("api:request.invalid");
          assertThat(r.bodyAsJsonObject().getString("message")).contains("burning");
        });
  }

  @Test
  void returns_one_alert_by_id_and_404_for_an_unknown_id(VertxTestContext tc) {
    alerts.put(alert("a1", "acme:s1", "overheating", "critical", "active"));

    expect(
        tc,
        client
            .get("/api/2/alerts/a1")
            .send()
            .compose(
                found ->
                    client
                        .get("/api/2/alerts/nope")
                        .send()
                        .map(missing -> List.of(found, missing))),
        r -> {
          assertThat(r.get(0).statusCode()).isEqualTo(200);
          assertThat(r.get(0).bodyAsJsonObject().getString("code")).isEqualTo("overheating");
          assertThat(r.get(1).statusCode()).isEqualTo(404);
          assertThat(dittoError(r.get(1).bodyAsJsonObject(), 404))
              .isEqualTo("alerts:alert.notfound");
        });
  }

  @Test
  void acknowledges_an_active_alert_and_keeps_it_acknowledged(VertxTestContext tc) {
    alerts.put(alert("a1", "acme:s1", "overheating", "critical", "active"));

    expect(
        tc,
        client
            .post("/api/2/alerts/a1/acknowledge")
            .send()
            .compose(
                first ->
                    client
                        .post("/api/2/alerts/a1/acknowledge")
                        .send()
                        .map(again -> List.of(first, again))),
        r -> {
          assertThat(r.get(0).statusCode()).isEqualTo(200);
          assertThat(r.get(0).bodyAsJsonObject().getString("state")).isEqualTo("acknowledged");
          assertThat(r.get(1).statusCode()).isEqualTo(200);
          assertThat(r.get(1).bodyAsJsonObject().getString("state")).isEqualTo("acknowledged");
          assertThat(alerts.alert("a1").orElseThrow().state()).isEqualTo("acknowledged");
        });
  }

  @Test
  void refuses_to_acknowledge_a_cleared_alert_with_409(VertxTestContext tc) {
    alerts.put(alert("a1", "acme:s1", "overheating", "critical", "cleared"));

    expect(
        tc,
        client.post("/api/2/alerts/a1/acknowledge").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(409);
          assertThat(dittoError(r.bodyAsJsonObject(), 409)).isEqualTo("alerts:alert.cleared");
          assertThat(alerts.alert("a1").orElseThrow().state()).isEqualTo("cleared");
        });
  }

  @Test
  void clears_an_acknowledged_alert(VertxTestContext tc) {
    alerts.put(alert("a1", "acme:s1", "overheating", "critical", "acknowledged"));

    expect(
        tc,
        client.post("/api/2/alerts/a1/clear").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonObject().getString("state")).isEqualTo("cleared");
          assertThat(alerts.alert("a1").orElseThrow().state()).isEqualTo("cleared");
        });
  }

  @Test
  void answers_404_when_acknowledging_or_clearing_an_unknown_alert(VertxTestContext tc) {
    expect(
        tc,
        client
            .post("/api/2/alerts/ghost/acknowledge")
            .send()
            .compose(
                ack ->
                    client.post("/api/2/alerts/ghost/clear").send().map(clr -> List.of(ack, clr))),
        r -> {
          assertThat(r.get(0).statusCode()).isEqualTo(404);
          assertThat(r.get(1).statusCode()).isEqualTo(404);
          assertThat(dittoError(r.get(1).bodyAsJsonObject(), 404))
              .isEqualTo("alerts:alert.notfound");
        });
  }

  @Test
  void answers_405_for_a_get_on_the_acknowledge_action(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/alerts/a1/acknowledge").send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 405)).isEqualTo("api:method.notallowed"));
  }

  private Future<HttpClientResponse> openStream(Vertx vertx, String query) {
    http = vertx.createHttpClient();
    return http.request(HttpMethod.GET, port, "127.0.0.1", "/api/2/alerts" + query)
        .compose(req -> req.putHeader("Accept", "text/event-stream").send())
        .onSuccess(response -> response.exceptionHandler(e -> {}));
  }

  private static void onData(HttpClientResponse response, Consumer<JsonObject> consumer) {
    StringBuilder pending = new StringBuilder();
    response.handler(
        (Buffer chunk) -> {
          pending.append(chunk.toString());
          int end;
          while ((end = pending.indexOf("\n\n")) >= 0) {
            String event = pending.substring(0, end);
            pending.delete(0, end + 2);
            for (String line : event.split("\n")) {
              if (line.startsWith("data:")) {
                consumer.accept(new JsonObject(line.substring("data:".length())));
              }
            }
          }
        });
  }

  @Test
  void streams_alert_changes_matching_the_filters_only(Vertx vertx, VertxTestContext tc) {
    openStream(vertx, "?thingId=acme:watched&state=acknowledged")
        .onComplete(
            tc.succeeding(
                response -> {
                  tc.verify(
                      () -> {
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(response.getHeader("Content-Type"))
                            .isEqualTo("text/event-stream");
                        assertThat(alerts.listeners()).isEqualTo(1);
                      });
                  onData(
                      response,
                      data ->
                          tc.verify(
                              () -> {
                                // Two other changes came first: seeing them would be a leak.
                                assertThat(data.getString("id")).isEqualTo("w1");
                                assertThat(data.getString("state")).isEqualTo("acknowledged");
                                tc.completeNow();
                              }));
                  alerts.put(alert("o1", "acme:other", "overheating", "critical", "acknowledged"));
                  alerts.put(alert("w1", "acme:watched", "overheating", "critical", "active"));
                  alerts.acknowledge("w1");
                }));
  }

  @Test
  void ends_the_alert_subscription_when_the_client_disconnects(Vertx vertx, VertxTestContext tc) {
    openStream(vertx, "")
        .onComplete(
            tc.succeeding(
                response -> {
                  tc.verify(() -> assertThat(server.openEventStreams()).isEqualTo(1));
                  response.request().connection().close();
                  vertx.setPeriodic(
                      10,
                      timer -> {
                        if (server.openEventStreams() == 0 && alerts.listeners() == 0) {
                          vertx.cancelTimer(timer);
                          tc.completeNow();
                        }
                      });
                }));
  }

  @Test
  void disconnects_an_alert_stream_client_that_does_not_read(Vertx vertx, VertxTestContext tc) {
    String bulky = "x".repeat(16 * 1024);
    expect(
        tc,
        openStream(vertx, "")
            .compose(
                response -> {
                  response.pause();
                  return vertx.executeBlocking(
                      () -> {
                        int sent = 0;
                        while (sent < 20_000 && server.openEventStreams() > 0) {
                          alerts.put(
                              new AlertView(
                                  "flood",
                                  "acme:flood",
                                  "flood",
                                  "info",
                                  bulky + sent++,
                                  java.util.Map.of(),
                                  java.time.Instant.EPOCH,
                                  java.time.Instant.EPOCH,
                                  "active"));
                        }
                        return sent;
                      });
                }),
        sent -> {
          assertThat(server.openEventStreams()).isZero();
          assertThat(alerts.listeners()).isZero();
          assertThat(sent).isLessThan(20_000);
        });
  }
}
