package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class QuarantineRoutesTest extends OperatorApiTestBase {
  private final Map<String, QuarantineView> quarantined = new ConcurrentHashMap<>();
  private final Map<String, Optional<String>> releaseNotes = new ConcurrentHashMap<>();

  @Override
  protected ApiPorts ports() {
    return ApiPorts.none()
        .withQuarantine(
            new QuarantineOperations() {
              @Override
              public Future<List<QuarantineView>> quarantined() {
                return Future.succeededFuture(
                    quarantined.values().stream()
                        .sorted(Comparator.comparing(QuarantineView::since).reversed())
                        .toList());
              }

              @Override
              public Future<Boolean> release(String thingId, Optional<String> note) {
                boolean released = quarantined.remove(thingId) != null;
                if (released) {
                  releaseNotes.put(thingId, note);
                }
                return Future.succeededFuture(released);
              }
            });
  }

  @Test
  void lists_quarantined_devices_most_recent_first(VertxTestContext tc) {
    Instant t0 = Instant.parse("2025-05-06T07:08:09Z");
    quarantined.put("acme:a", new QuarantineView("acme:a", "5 authentication failures", t0));
    quarantined.put(
        "acme:b", new QuarantineView("acme:b", "firmware not allowed", t0.plusSeconds(5)));

    expect(
        tc,
        client.get("/api/2/quarantine").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonArray())
              .isEqualTo(
                  new JsonArray()
                      .add(
                          new JsonObject()
                              .put("thingId", "acme:b")
                              .put("reason", "firmware not allowed")
                              .put("since", "2025-05-06T07:08:14Z"))
                      .add(
                          new JsonObject()
                              .put("thingId", "acme:a")
                              .put("reason", "5 authentication failures")
                              .put("since", "2025-05-06T07:08:09Z")));
        });
  }

  @Test
  void releases_a_quarantined_device_with_the_operators_note(VertxTestContext tc) {
    quarantined.put("acme:a", new QuarantineView("acme:a", "flooding", Instant.EPOCH));

    expect(
        tc,
        client
            .post("/api/2/quarantine/acme:a/release")
            .sendJsonObject(new JsonObject().put("note", "firmware reflashed")),
        r -> {
          assertThat(r.statusCode()).isEqualTo(204);
          assertThat(quarantined).isEmpty();
          assertThat(releaseNotes.get("acme:a")).contains("firmware reflashed");
        });
  }

  @Test
  void releases_without_a_body(VertxTestContext tc) {
    quarantined.put("acme:a", new QuarantineView("acme:a", "flooding", Instant.EPOCH));

    expect(
        tc,
        client.post("/api/2/quarantine/acme:a/release").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(204);
          assertThat(releaseNotes.get("acme:a")).isEmpty();
        });
  }

  @Test
  void answers_404_for_a_device_that_is_not_quarantined(VertxTestContext tc) {
    expect(
        tc,
        client.post("/api/2/quarantine/acme:free/release").send(),
        r ->
            assertThat(dittoError(r.bodyAsJsonObject(), 404))
                .isEqualTo("quarantine:device.notquarantined"));
  }

  @Test
  void rejects_an_invalid_thing_id(VertxTestContext tc) {
    expect(
        tc,
        client.post("/api/2/quarantine/no-namespace/release").send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("things:id.invalid"));
  }

  @Test
  void rejects_a_malformed_body_without_releasing(VertxTestContext tc) {
    quarantined.put("acme:a", new QuarantineView("acme:a", "flooding", Instant.EPOCH));

    expect(
        tc,
        client
            .post("/api/2/quarantine/acme:a/release")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(io.vertx.core.buffer.Buffer.buffer("{\"note\": ")),
        r -> {
          assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("json.invalid");
          assertThat(quarantined).containsKey("acme:a");
        });
  }
}
