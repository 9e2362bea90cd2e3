package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A subject never reaches another tenant's twins, even when a policy names it: reads, writes,
 * search and event streams all behave as if the twins did not exist.
 */
class TenantIsolationTest extends SecuredApiTestBase {
  private HttpClient http;

  /** alice's policy grants mallory (tenant evil) everything on acme:shared. */
  static final String GENEROUS =
      """
      {"entries":{
        "owner":{"subjects":{"nginx:alice":{"type":"user"},"nginx:bob":{"type":"user"},
                             "nginx:mallory":{"type":"user"}},
          "resources":{"policy:/":{"grant":["READ","WRITE"],"revoke":[]},
                       "thing:/":{"grant":["READ","WRITE"],"revoke":[]}}},
        "secret-hidden":{"subjects":{"nginx:bob":{"type":"user"}},
          "resources":{"thing:/attributes/secret":{"grant":[],"revoke":["READ"]}}}}}
      """;

  @BeforeEach
  void share() throws Exception {
    call(HttpMethod.PUT, "/api/2/policies/acme:shared", "alice", GENEROUS);
    assertThat(
            call(
                    HttpMethod.PUT,
                    "/api/2/things/acme:shared",
                    "alice",
                    "{\"policyId\":\"acme:shared\",\"attributes\":{\"v\":1}}")
                .statusCode())
        .isEqualTo(201);
  }

  @AfterEach
  void closeClient(VertxTestContext tc) {
    if (http == null) {
      tc.completeNow();
      return;
    }
    http.close().onComplete(tc.succeedingThenComplete());
  }

  @Test
  void reads_and_writes_of_another_tenant_answer_404(VertxTestContext tc) throws Exception {
    HttpResponse<Buffer> read = call(HttpMethod.GET, "/api/2/things/acme:shared", "mallory", null);
    assertThat(read.statusCode()).isEqualTo(404);
    assertThat(json(read).getString("error")).isEqualTo("things:thing.notfound");
    assertThat(
            call(HttpMethod.PUT, "/api/2/things/acme:shared/attributes/v", "mallory", "2")
                .statusCode())
        .isEqualTo(404);
    assertThat(call(HttpMethod.PUT, "/api/2/things/acme:new", "mallory", "{}").statusCode())
        .isEqualTo(404);
    assertThat(call(HttpMethod.DELETE, "/api/2/things/acme:shared", "mallory", null).statusCode())
        .isEqualTo(404);
    assertThat(call(HttpMethod.GET, "/api/2/policies/acme:shared", "mallory", null).statusCode())
        .isEqualTo(404);
    assertThat(
            call(HttpMethod.GET, "/api/2/things?ids=acme:shared", "mallory", null)
                .bodyAsJsonArray())
        .isEmpty();
    // the value is unchanged
    assertThat(
            json(call(HttpMethod.GET, "/api/2/things/acme:shared", "alice", null))
                .getJsonObject("attributes")
                .getInteger("v"))
        .isEqualTo(1);
    tc.completeNow();
  }

  @Test
  void search_covers_the_callers_tenant_only(VertxTestContext tc) throws Exception {
    call(HttpMethod.PUT, "/api/2/things/evil:own", "mallory", "{\"attributes\":{\"v\":1}}");
    HttpResponse<Buffer> all = call(HttpMethod.GET, "/api/2/search/things", "mallory", null);
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(
            json(all).getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("thingId")))
        .containsExactly("evil:own");
    HttpResponse<Buffer> asked =
        call(HttpMethod.GET, "/api/2/search/things?namespaces=acme", "mallory", null);
    assertThat(json(asked).getJsonArray("items")).isEmpty();
    assertThat(
            call(HttpMethod.GET, "/api/2/search/things/count?namespaces=acme", "mallory", null)
                .bodyAsString())
        .isEqualTo("0");
    HttpResponse<Buffer> bob = call(HttpMethod.GET, "/api/2/search/things", "bob", null);
    assertThat(
            json(bob).getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("thingId")))
        .containsExactly("acme:shared");
    // carol is in acme but not in the policy: the twin is not in her results
    assertThat(
            json(call(HttpMethod.GET, "/api/2/search/things", "carol", null)).getJsonArray("items"))
        .isEmpty();
    tc.completeNow();
  }

  @Test
  void event_streams_carry_only_visible_twins_and_fields(Vertx vertx, VertxTestContext tc)
      throws Exception {
    http = vertx.createHttpClient();
    List<JsonObject> bobSees = new CopyOnWriteArrayList<>();
    List<JsonObject> mallorySees = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> bothSaw = new CompletableFuture<>();
    Runnable check =
        () -> {
          if (!bobSees.isEmpty() && !mallorySees.isEmpty()) {
            bothSaw.complete(null);
          }
        };
    openStream("bob", bobSees, check)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    openStream("mallory", mallorySees, check)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    call(HttpMethod.PUT, "/api/2/things/acme:shared/attributes/secret", "alice", "\"pin\"");
    call(HttpMethod.PUT, "/api/2/things/acme:shared/attributes/v", "alice", "5");
    call(HttpMethod.PUT, "/api/2/things/evil:own", "mallory", "{}");
    bothSaw.get(10, TimeUnit.SECONDS);
    // mallory's own twin was created after alice's writes: every acme event was sent earlier
    assertThat(mallorySees).isNotEmpty();
    assertThat(mallorySees).allMatch(e -> e.getString("thingId").startsWith("evil:"));
    assertThat(bobSees).hasSize(1);
    assertThat(bobSees.get(0).getString("thingId")).isEqualTo("acme:shared");
    assertThat(bobSees.get(0).getJsonObject("attributes").getInteger("v")).isEqualTo(5);
    assertThat(bobSees.toString()).doesNotContain("pin");
    tc.completeNow();
  }

  private Future<HttpClientResponse> openStream(
      String user, List<JsonObject> sink, Runnable onEvent) {
    String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes());
    return http.request(HttpMethod.GET, port, "127.0.0.1", "/api/2/things")
        .compose(
            req ->
                req.putHeader("Accept", "text/event-stream")
                    .putHeader("Authorization", auth)
                    .send())
        .onSuccess(
            response -> {
              response.exceptionHandler(e -> {});
              StringBuilder pending = new StringBuilder();
              response.handler(
                  chunk -> {
                    pending.append(chunk.toString());
                    int end;
                    while ((end = pending.indexOf("\n\n")) >= 0) {
                      String event = pending.substring(0, end);
                      pending.delete(0, end + 2);
                      for (String line : event.split("\n")) {
                        if (line.startsWith("data:")) {
                          sink.add(new JsonObject(line.substring("data:".length())));
                          onEvent.run();
                        }
                      }
                    }
                  });
            });
  }
}
