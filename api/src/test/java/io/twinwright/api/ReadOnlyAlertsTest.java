package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The constructor without operator ports still serves alert reads and refuses changes. */
class ReadOnlyAlertsTest extends ApiTestBase {

  @Test
  void looks_up_an_alert_but_refuses_to_acknowledge_it_with_501(VertxTestContext tc) {
    Instant at = Instant.parse("2025-01-02T03:04:05Z");
    alerts.add(
        new AlertView(
            "a1", "acme:s1", "overheating", "critical", "hot", Map.of(), at, at, "active"));

    expect(
        tc,
        client
            .get("/api/2/alerts/a1")
            .send()
            .compose(
                got ->
                    client
                        .post("/api/2/alerts/a1/acknowledge")
                        .send()
                        .map(ack -> List.of(got, ack))),
        r -> {
          assertThat(r.get(0).statusCode()).isEqualTo(200);
          assertThat(r.get(0).bodyAsJsonObject().getString("thingId")).isEqualTo("acme:s1");
          assertThat(r.get(1).statusCode()).isEqualTo(501);
          assertThat(r.get(1).bodyAsJsonObject().getString("error"))
              .isEqualTo("api:operation.unsupported");
        });
  }

  @Test
  void does_not_mount_routes_of_unbound_ports(VertxTestContext tc) {
    expect(
        tc,
        client
            .get("/api/2/workorders")
            .send()
            .compose(
                w -> client.get("/api/2/sparql/acme?query=ASK{}").send().map(s -> List.of(w, s))),
        r -> {
          assertThat(r.get(0).statusCode()).isEqualTo(404);
          assertThat(r.get(1).statusCode()).isEqualTo(404);
        });
  }

  @Test
  void refuses_an_alert_stream_when_no_life_cycle_is_bound(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/alerts").putHeader("Accept", "text/event-stream").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(501);
          assertThat(server.openEventStreams()).isZero();
        });
  }
}
