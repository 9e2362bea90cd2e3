package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SparqlRoutesTest extends OperatorApiTestBase {
  private static final String RESULTS =
      "{\"head\":{\"vars\":[\"s\"]},\"results\":{\"bindings\":[{\"s\":{\"type\":\"uri\","
          + "\"value\":\"urn:twin:acme:pump-1\"}}]}}";
  private static final String QUERY = "SELECT ?s WHERE { ?s a <urn:Pump> }";

  private final AtomicReference<String> askedTenant = new AtomicReference<>();
  private final AtomicReference<String> askedQuery = new AtomicReference<>();
  private final AtomicReference<String> thread = new AtomicReference<>();

  @Override
  protected ApiPorts ports() {
    return ApiPorts.none()
        .withSparql(
            (tenant, query) -> {
              askedTenant.set(tenant);
              askedQuery.set(query);
              thread.set(Thread.currentThread().getName());
              if (!tenant.equals("acme")) {
                throw new SparqlQueryException(SparqlQueryException.Reason.UNKNOWN_TENANT, tenant);
              }
              return switch (query) {
                case "SELEKT" ->
                    throw new SparqlQueryException(
                        SparqlQueryException.Reason.SYNTAX, "line 1, column 1: SELEKT");
                case "CONSTRUCT {} WHERE {}" ->
                    CompletableFuture.failedFuture(
                        new SparqlQueryException(
                            SparqlQueryException.Reason.UNSUPPORTED, "CONSTRUCT"));
                case "SLOW" ->
                    CompletableFuture.failedFuture(
                        new SparqlQueryException(SparqlQueryException.Reason.TIMEOUT, "after 5 s"));
                case "BROKEN" -> throw new IllegalStateException("graph gone");
                default -> CompletableFuture.completedFuture(RESULTS);
              };
            });
  }

  @Test
  void answers_a_get_query_with_sparql_results_json_off_the_event_loop(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/sparql/acme").addQueryParam("query", QUERY).send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.getHeader("Content-Type")).isEqualTo("application/sparql-results+json");
          assertThat(r.bodyAsString()).isEqualTo(RESULTS);
          assertThat(askedTenant.get()).isEqualTo("acme");
          assertThat(askedQuery.get()).isEqualTo(QUERY);
          assertThat(thread.get()).startsWith("twinwright-api-sparql");
        });
  }

  @Test
  void answers_a_query_posted_as_sparql_query_body(VertxTestContext tc) {
    expect(
        tc,
        client
            .post("/api/2/sparql/acme")
            .putHeader("Content-Type", "application/sparql-query; charset=UTF-8")
            .sendBuffer(Buffer.buffer(QUERY)),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(askedQuery.get()).isEqualTo(QUERY);
        });
  }

  @Test
  void answers_a_query_posted_as_a_form(VertxTestContext tc) {
    expect(
        tc,
        client
            .post("/api/2/sparql/acme")
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("query", QUERY)),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(askedQuery.get()).isEqualTo(QUERY);
        });
  }

  @Test
  void answers_a_syntax_error_with_400(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/sparql/acme?query=SELEKT").send(),
        r -> {
          assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("sparql:query.invalid");
          assertThat(r.bodyAsJsonObject().getString("message")).contains("line 1, column 1");
        });
  }

  @Test
  void answers_an_unsupported_query_form_with_400(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/sparql/acme").addQueryParam("query", "CONSTRUCT {} WHERE {}").send(),
        r ->
            assertThat(dittoError(r.bodyAsJsonObject(), 400))
                .isEqualTo("sparql:query.unsupported"));
  }

  @Test
  void refuses_an_update_sent_as_a_form_without_asking_the_graph(VertxTestContext tc) {
    expect(
        tc,
        client
            .post("/api/2/sparql/acme")
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("update", "DROP ALL")),
        r -> {
          assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("sparql:query.unsupported");
          assertThat(askedQuery.get()).isNull();
        });
  }

  @Test
  void answers_a_timeout_with_503(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/sparql/acme?query=SLOW").send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 503)).isEqualTo("sparql:query.timeout"));
  }

  @Test
  void answers_an_unknown_tenant_with_404(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/sparql/nobody").addQueryParam("query", QUERY).send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 404)).isEqualTo("sparql:tenant.notfound"));
  }

  @Test
  void answers_a_missing_query_with_400(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/sparql/acme").send(),
        r -> {
          assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("sparql:query.missing");
          assertThat(askedQuery.get()).isNull();
        });
  }

  @Test
  void answers_an_unsupported_content_type_with_415(VertxTestContext tc) {
    expect(
        tc,
        client
            .post("/api/2/sparql/acme")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("{\"query\":\"ASK {}\"}")),
        r ->
            assertThat(dittoError(r.bodyAsJsonObject(), 415))
                .isEqualTo("api:mediatype.unsupported"));
  }

  @Test
  void rejects_an_invalid_tenant(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/sparql/bad%20tenant").addQueryParam("query", QUERY).send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("api:request.invalid"));
  }

  @Test
  void hides_an_unexpected_failure_behind_a_500(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/sparql/acme?query=BROKEN").send(),
        r -> {
          assertThat(dittoError(r.bodyAsJsonObject(), 500)).isEqualTo("api:internal.error");
          assertThat(r.bodyAsString()).doesNotContain("graph gone");
        });
  }
}
