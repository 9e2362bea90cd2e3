package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuditRoutesTest extends OperatorApiTestBase {
  private static final Instant T0 = Instant.parse("2025-06-01T00:00:00Z");
  private final List<AuditView> entries = new CopyOnWriteArrayList<>();
  private final AtomicReference<AuditFilter> asked = new AtomicReference<>();

  @Override
  protected ApiPorts ports() {
    return ApiPorts.none()
        .withAudit(
            filter -> {
              asked.set(filter);
              return entries.stream()
                  .filter(filter::matches)
                  .sorted(Comparator.comparing(AuditView::at).reversed())
                  .limit(filter.limit())
                  .toList();
            });
  }

  private void entry(int minute, String rule, String action, String thingId) {
    entries.add(
        new AuditView(
            T0.plusSeconds(60L * minute), rule, action, thingId, Map.of("failures", "5"), "done"));
  }

  @Test
  void answers_the_entries_matching_every_filter_newest_first(VertxTestContext tc) {
    entry(1, "brute force", "quarantine", "acme:a");
    entry(2, "brute force", "raiseAlert", "acme:a");
    entry(3, "brute force", "quarantine", "acme:b");
    entry(4, "brute force", "quarantine", "acme:a");
    entry(9, "brute force", "quarantine", "acme:a");

    expect(
        tc,
        client
            .get("/api/2/audit")
            .addQueryParam("thingId", "acme:a")
            .addQueryParam("rule", "brute force")
            .addQueryParam("action", "quarantine")
            .addQueryParam("from", "2025-06-01T00:01:00Z")
            .addQueryParam("to", "2025-06-01T00:05:00Z")
            .addQueryParam("limit", "10")
            .send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonArray().size()).isEqualTo(2);
          assertThat(r.bodyAsJsonArray().getJsonObject(0))
              .isEqualTo(
                  new JsonObject()
                      .put("at", "2025-06-01T00:04:00Z")
                      .put("rule", "brute force")
                      .put("action", "quarantine")
                      .put("thingId", "acme:a")
                      .put("findings", new JsonObject().put("failures", "5"))
                      .put("outcome", "done"));
          assertThat(r.bodyAsJsonArray().getJsonObject(1).getString("at"))
              .isEqualTo("2025-06-01T00:01:00Z");
        });
  }

  @Test
  void uses_the_default_page_size_when_no_limit_is_given(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/audit").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(asked.get().limit()).isEqualTo(ApiConfig.defaults().defaultPageSize());
        });
  }

  @Test
  void rejects_a_limit_above_the_maximum_page_size(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/audit?limit=100000").send(),
        r -> {
          assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("api:request.invalid");
          assertThat(asked.get()).isNull();
        });
  }

  @Test
  void rejects_a_limit_that_is_not_a_number(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/audit?limit=ten").send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("api:request.invalid"));
  }

  @Test
  void rejects_a_time_that_is_not_an_iso_instant(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/audit?from=yesterday").send(),
        r -> {
          assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("api:request.invalid");
          assertThat(r.bodyAsJsonObject().getString("message")).contains("yesterday");
        });
  }

  @Test
  void rejects_a_window_that_ends_before_it_starts(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/audit?from=2025-06-02T00:00:00Z&to=2025-06-01T00:00:00Z").send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("api:request.invalid"));
  }
}
