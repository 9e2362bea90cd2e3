package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ditto HTTP API v2 conformance of the things routes: the real server on a free port, a real HTTP
 * client, and every answer that is a thing parsed back with Ditto's own {@code ThingsModelFactory}.
 * The test thread waits on each response (never on an event loop), so each test reads as the
 * request sequence a client would send.
 */
class ThingsApiConformanceTest extends ApiTestBase {
  private static final String THING = "/api/2/things/acme:pump-1";
  private static final String MERGE = "application/merge-patch+json";
  private HttpClient http;

  @AfterEach
  void closeStreamClient() throws Exception {
    if (http != null) {
      http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String body, String... headers)
      throws Exception {
    HttpRequest<Buffer> request = client.request(method, path);
    for (int i = 0; i < headers.length; i += 2) {
      request.putHeader(headers[i], headers[i + 1]);
    }
    Future<HttpResponse<Buffer>> sent =
        body == null ? request.send() : request.sendBuffer(Buffer.buffer(body));
    return sent.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String path, String... headers) throws Exception {
    return call(HttpMethod.GET, path, null, headers);
  }

  private HttpResponse<Buffer> put(String path, String body, String... headers) throws Exception {
    return call(HttpMethod.PUT, path, body, headers);
  }

  private HttpResponse<Buffer> patch(String path, String body) throws Exception {
    return call(HttpMethod.PATCH, path, body, "Content-Type", MERGE);
  }

  private HttpResponse<Buffer> delete(String path, String... headers) throws Exception {
    return call(HttpMethod.DELETE, path, null, headers);
  }

  private static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
  }

  private static Thing ditto(HttpResponse<Buffer> r) {
    return ThingsModelFactory.newThing(r.bodyAsString());
  }

  @Test
  void put_creates_with_201_then_replaces_with_204_and_ditto_parses_every_answer()
      throws Exception {
    HttpResponse<Buffer> created =
        put(THING, "{\"attributes\":{\"serial\":\"X1\"},\"features\":{\"flow\":{}}}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("Location")).isEqualTo(THING);
    assertThat(created.getHeader("ETag")).isEqualTo("\"rev:1\"");
    Thing thing = ditto(created);
    assertThat(thing.getEntityId().orElseThrow().toString()).isEqualTo("acme:pump-1");
    assertThat(thing.getPolicyId().orElseThrow().toString())
        .as("Ditto names a new thing's policy after it")
        .isEqualTo("acme:pump-1");
    assertThat(thing.getAttributes().orElseThrow().getValue("serial").orElseThrow().asString())
        .isEqualTo("X1");

    HttpResponse<Buffer> replaced = put(THING, "{\"attributes\":{\"serial\":\"X2\"}}");
    assertThat(replaced.statusCode()).isEqualTo(204);
    assertThat(replaced.getHeader("ETag")).isEqualTo("\"rev:2\"");
    Thing read = ditto(get(THING));
    assertThat(read.getFeatures()).as("replaced, not merged").isEmpty();
    assertThat(read.getAttributes().orElseThrow().getValue("serial").orElseThrow().asString())
        .isEqualTo("X2");
    assertThat(read.getPolicyId()).as("a replaced thing keeps its policy").isPresent();

    assertError(put(THING, "{\"thingId\":\"acme:other\"}"), 400, "things:id.notsettable");
    assertError(put(THING, "[1,2]"), 400, "json.invalid");
    assertError(put(THING, "{\"attributes\":"), 400, "json.invalid");
    assertError(get("/api/2/things/no-namespace"), 400, "things:id.invalid");
  }

  @Test
  void post_creates_a_thing_with_a_generated_id_in_the_namespace() throws Exception {
    HttpResponse<Buffer> created =
        call(HttpMethod.POST, "/api/2/things?namespace=acme", "{\"attributes\":{\"a\":1}}");
    assertThat(created.statusCode()).isEqualTo(201);
    String location = created.getHeader("Location");
    assertThat(location).startsWith("/api/2/things/acme:");
    Thing thing = ditto(created);
    assertThat(location).endsWith(thing.getEntityId().orElseThrow().toString());
    assertThat(get(location).statusCode()).isEqualTo(200);

    assertError(call(HttpMethod.POST, "/api/2/things", "{}"), 400, "things:id.invalid");
    assertError(
        call(HttpMethod.POST, "/api/2/things?namespace=acme", "{\"thingId\":\"acme:x\"}"),
        400,
        "things:id.notsettable");
  }

  @Test
  void every_part_of_a_thing_is_read_written_and_deleted_as_in_ditto() throws Exception {
    assertThat(put(THING, "{}").statusCode()).isEqualTo(201);
    // part, first value, second value, Ditto's not-found code after deletion
    String[][] parts = {
      {"/definition", "\"acme:pump:1.0.0\"", "\"acme:pump:2.0.0\"", "things:definition.notfound"},
      {"/attributes", "{\"a\":1}", "{\"b\":2}", "things:attributes.notfound"},
      {"/attributes/location/building", "\"B1\"", "\"B2\"", "things:attribute.notfound"},
      {"/features", "{\"flow\":{}}", "{\"flow\":{\"properties\":{}}}", "things:features.notfound"},
      {"/features/flow", "{\"properties\":{\"v\":1}}", "{}", "things:feature.notfound"},
      {
        "/features/flow/definition",
        "[\"acme:flow:1.0.0\"]",
        "[\"acme:flow:1.1.0\"]",
        "things:feature.definition.notfound"
      },
      {
        "/features/flow/properties",
        "{\"rate\":{\"value\":2.5}}",
        "{\"rate\":{\"value\":3}}",
        "things:feature.properties.notfound"
      },
      {"/features/flow/properties/rate/value", "2.5", "4", "things:feature.property.notfound"},
      {
        "/features/flow/desiredProperties",
        "{\"rate\":1}",
        "{\"rate\":2}",
        "things:feature.desiredProperties.notfound"
      },
      {
        "/features/flow/desiredProperties/rate",
        "1",
        "\"high\"",
        "things:feature.desiredProperty.notfound"
      },
    };
    for (String[] part : parts) {
      String path = THING + part[0];
      if (part[0].startsWith("/features/flow/")) {
        put(THING + "/features/flow", "{}");
      }
      HttpResponse<Buffer> created = put(path, part[1]);
      assertThat(created.statusCode()).as(path + " " + created.bodyAsString()).isEqualTo(201);
      assertThat(created.getHeader("Location")).isEqualTo(path);
      assertThat(created.bodyAsJson(Object.class)).isEqualTo(Json.decodeValue(part[1]));
      assertThat(get(path).bodyAsJson(Object.class)).isEqualTo(Json.decodeValue(part[1]));
      assertThat(put(path, part[2]).statusCode()).as(path).isEqualTo(204);
      HttpResponse<Buffer> read = get(path);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.getHeader("ETag")).startsWith("\"rev:");
      assertThat(read.bodyAsJson(Object.class)).as(path).isEqualTo(Json.decodeValue(part[2]));
      assertThat(patch(path, part[1]).statusCode()).as("PATCH " + path).isEqualTo(204);
      assertThat(delete(path).statusCode()).as("DELETE " + path).isEqualTo(204);
      assertError(get(path), 404, part[3]);
      assertError(delete(path), 404, part[3]);
      ditto(get(THING));
    }
    assertThat(get(THING + "/policyId").bodyAsString()).isEqualTo("\"acme:pump-1\"");
    assertThat(put(THING + "/policyId", "\"acme:shared\"").statusCode()).isEqualTo(204);
    assertError(delete(THING + "/policyId"), 400, "things:policyId.notdeletable");
  }

  @Test
  void parts_of_missing_things_and_features_are_not_found_in_dittos_terms() throws Exception {
    assertError(get("/api/2/things/acme:nobody/attributes"), 404, "things:thing.notfound");
    assertError(put("/api/2/things/acme:nobody/attributes/a", "1"), 404, "things:thing.notfound");
    assertError(patch("/api/2/things/acme:nobody", "{}"), 404, "things:thing.notfound");
    assertError(delete("/api/2/things/acme:nobody"), 404, "things:thing.notfound");
    put(THING, "{}");
    assertError(put(THING + "/features/ghost/properties/x", "1"), 404, "things:feature.notfound");
    assertError(get(THING + "/features/ghost"), 404, "things:feature.notfound");
    assertError(get(THING + "/attributes/none"), 404, "things:attribute.notfound");
    assertError(get(THING + "/nonsense"), 404, "api:resource.notfound");
    assertError(call(HttpMethod.POST, THING, "{}"), 405, "api:method.notallowed");
  }

  @Test
  void merge_patch_follows_rfc_7396_and_needs_its_media_type() throws Exception {
    put(
        THING,
        "{\"attributes\":{\"keep\":1,\"drop\":2,\"nested\":{\"a\":1,\"b\":2}},"
            + "\"features\":{\"flow\":{\"properties\":{\"rate\":1}}}}");

    HttpResponse<Buffer> merged =
        patch(
            THING,
            "{\"attributes\":{\"drop\":null,\"nested\":{\"b\":null,\"c\":3},\"new\":true},"
                + "\"features\":{\"flow\":null}}");
    assertThat(merged.statusCode()).isEqualTo(204);
    assertThat(merged.getHeader("ETag")).isEqualTo("\"rev:2\"");
    JsonObject thing = get(THING).bodyAsJsonObject();
    assertThat(thing.getJsonObject("attributes"))
        .isEqualTo(new JsonObject("{\"keep\":1,\"nested\":{\"a\":1,\"c\":3},\"new\":true}"));
    assertThat(thing.getJsonObject("features")).isEqualTo(new JsonObject());

    assertThat(patch(THING + "/attributes/nested", "{\"a\":null}").statusCode()).isEqualTo(204);
    assertThat(get(THING + "/attributes/nested").bodyAsJsonObject())
        .isEqualTo(new JsonObject("{\"c\":3}"));

    HttpResponse<Buffer> plainJson =
        call(HttpMethod.PATCH, THING, "{\"attributes\":{}}", "Content-Type", "application/json");
    assertError(plainJson, 415, "mediatype.unsupported");
    assertError(patch(THING, "{\"thingId\":\"acme:other\"}"), 400, "things:id.notsettable");
  }

  @Test
  void if_match_and_if_none_match_guard_reads_and_writes() throws Exception {
    put(THING, "{\"attributes\":{\"a\":1}}");
    String etag = get(THING).getHeader("ETag");
    assertThat(etag).isEqualTo("\"rev:1\"");

    HttpResponse<Buffer> notModified = get(THING, "If-None-Match", etag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.getHeader("ETag")).isEqualTo(etag);
    assertThat(get(THING, "If-None-Match", "\"rev:0\"").statusCode()).isEqualTo(200);
    assertThat(get(THING + "/attributes/a", "If-None-Match", "*").statusCode()).isEqualTo(304);

    assertError(
        put(THING + "/attributes/a", "2", "If-Match", "\"rev:7\""),
        412,
        "things:precondition.failed");
    assertThat(put(THING + "/attributes/a", "2", "If-Match", etag).statusCode()).isEqualTo(204);
    assertError(
        put(THING + "/attributes/a", "3", "If-Match", etag), 412, "things:precondition.failed");
    assertError(delete(THING, "If-Match", etag), 412, "things:precondition.failed");

    // If-None-Match: * creates only what does not exist yet
    assertError(
        put(THING + "/attributes/a", "4", "If-None-Match", "*"), 412, "things:precondition.failed");
    assertThat(put(THING + "/attributes/b", "4", "If-None-Match", "*").statusCode()).isEqualTo(201);
    assertError(put(THING, "{}", "If-None-Match", "*"), 412, "things:precondition.failed");
    assertThat(put("/api/2/things/acme:fresh", "{}", "If-None-Match", "*").statusCode())
        .isEqualTo(201);
    // If-Match: * changes only what exists
    assertError(
        put("/api/2/things/acme:absent", "{}", "If-Match", "*"), 412, "things:precondition.failed");
    assertThat(get(THING + "/attributes").bodyAsJsonObject())
        .isEqualTo(new JsonObject("{\"a\":2,\"b\":4}"));
  }

  @Test
  void delete_removes_the_twin_from_memory_and_from_the_store() throws Exception {
    put(THING, "{\"attributes\":{\"a\":1}}");
    assertThat(store.stored("acme:pump-1")).isPresent();
    assertThat(delete(THING).statusCode()).isEqualTo(204);
    assertError(get(THING), 404, "things:thing.notfound");
    assertThat(twins.get("acme:pump-1")).isEmpty();
    assertThat(store.stored("acme:pump-1")).as("durable before the 204").isEmpty();

    HttpResponse<Buffer> again = put(THING, "{}");
    assertThat(again.statusCode()).as("created again").isEqualTo(201);
    assertThat(store.stored("acme:pump-1")).isPresent();
  }

  @Test
  void fields_select_parts_and_the_special_fields_only_on_request() throws Exception {
    put(
        THING,
        "{\"attributes\":{\"location\":\"hall\",\"serial\":\"X\"},"
            + "\"features\":{\"env\":{\"properties\":{\"temperature\":21,\"humidity\":40}}}}");
    JsonObject plain = get(THING).bodyAsJsonObject();
    assertThat(plain.fieldNames()).doesNotContain("_revision", "_created", "_modified");

    JsonObject selected =
        get(THING
                + "?fields=thingId,attributes/location,features/env/properties/temperature,"
                + "_revision,_created,_modified")
            .bodyAsJsonObject();
    assertThat(selected.fieldNames())
        .containsExactlyInAnyOrder(
            "thingId", "attributes", "features", "_revision", "_created", "_modified");
    assertThat(selected.getJsonObject("attributes"))
        .isEqualTo(new JsonObject().put("location", "hall"));
    assertThat(selected.getJsonObject("features"))
        .isEqualTo(new JsonObject("{\"env\":{\"properties\":{\"temperature\":21}}}"));
    assertThat(selected.getLong("_revision")).isEqualTo(1L);
    ThingsModelFactory.newThing(selected.encode());

    assertThat(get(THING + "/attributes?fields=serial").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("serial", "X"));
    assertError(get(THING + "?fields=attributes(("), 400, "json.fieldselector.invalid");
  }

  @Test
  void writes_that_break_the_thing_model_are_refused_naming_path_and_rule() throws Exception {
    String sensor = "/api/2/things/acme:env-1";
    assertThat(
            put(
                    sensor,
                    "{\"definition\":\"io.twinwright:environment-sensor:1.0.0\","
                        + "\"features\":{\"temperature\":{}}}")
                .statusCode())
        .isEqualTo(201);

    HttpResponse<Buffer> tooHot =
        put(sensor + "/features/temperature/desiredProperties/value", "130");
    assertError(tooHot, 400, "wot:payload.validation.error");
    JsonObject details = tooHot.bodyAsJsonObject().getJsonObject("validationDetails");
    assertThat(details.getJsonArray("/features/temperature/desiredProperties/value").getString(0))
        .startsWith("maximum:");
    assertThat(tooHot.bodyAsJsonObject().getString("description"))
        .contains("/features/temperature/desiredProperties/value")
        .contains("maximum");

    HttpResponse<Buffer> wrongType =
        patch(sensor, "{\"features\":{\"humidity\":{\"desiredProperties\":{\"value\":\"wet\"}}}}");
    assertError(wrongType, 400, "wot:payload.validation.error");
    assertThat(
            wrongType
                .bodyAsJsonObject()
                .getJsonObject("validationDetails")
                .getJsonArray("/features/humidity/desiredProperties/value")
                .getString(0))
        .isEqualTo("type: string found, number expected");

    HttpResponse<Buffer> readOnly = put(sensor + "/features/temperature/properties/value", "21");
    assertError(readOnly, 400, "wot:payload.validation.error");
    assertThat(
            readOnly
                .bodyAsJsonObject()
                .getJsonObject("validationDetails")
                .getJsonArray("/features/temperature/properties")
                .getString(0))
        .startsWith("readOnly:");
    assertThat(get(sensor + "/features/temperature").bodyAsJsonObject())
        .as("a refused write changes nothing")
        .isEqualTo(new JsonObject());

    // the device reports the read-only value; applications may then write the rest of the twin
    set("acme:env-1", "temperature", 21.5);
    assertThat(put(sensor + "/attributes/room", "\"lab\"").statusCode()).isEqualTo(201);
    assertThat(put(sensor + "/features/temperature/desiredProperties/value", "25").statusCode())
        .isEqualTo(201);
    assertThat(get(sensor + "/features/temperature/properties/value").bodyAsString())
        .isEqualTo("21.5");
  }

  @Test
  void lifecycle_events_are_streamed_created_modified_deleted(Vertx vertx) throws Exception {
    http = vertx.createHttpClient();
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    HttpClientResponse stream =
        http.request(HttpMethod.GET, port, "127.0.0.1", "/api/2/things?namespaces=acme")
            .compose(req -> req.putHeader("Accept", "text/event-stream").send())
            .toCompletionStage()
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    stream.exceptionHandler(e -> {});
    StringBuilder pending = new StringBuilder();
    stream.handler(
        chunk -> {
          pending.append(chunk.toString());
          int end;
          while ((end = pending.indexOf("\n\n")) >= 0) {
            for (String line : pending.substring(0, end).split("\n")) {
              if (line.startsWith("data:")) {
                events.add(new JsonObject(line.substring(5)));
              }
            }
            pending.delete(0, end + 2);
          }
        });

    put(THING, "{\"attributes\":{\"a\":1}}");
    patch(THING, "{\"attributes\":{\"a\":null,\"b\":2}}");
    delete(THING);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (events.size() < 3 && System.nanoTime() < deadline) {
      vertx.timer(10).toCompletionStage().toCompletableFuture().get();
    }
    assertThat(events).hasSize(3);
    assertThat(events.get(0))
        .as("created: the whole thing")
        .isEqualTo(
            new JsonObject(
                "{\"thingId\":\"acme:pump-1\",\"policyId\":\"acme:pump-1\","
                    + "\"attributes\":{\"a\":1}}"));
    assertThat(events.get(1))
        .as("modified: the merge patch, null where deleted")
        .isEqualTo(
            new JsonObject("{\"thingId\":\"acme:pump-1\",\"attributes\":{\"a\":null,\"b\":2}}"));
    assertThat(events.get(2))
        .as("deleted: the thing id")
        .isEqualTo(new JsonObject().put("thingId", "acme:pump-1"));
  }

  @Test
  void search_pages_with_sort_size_and_cursor_visit_every_twin_once() throws Exception {
    Random random = new Random(7);
    int n = 23;
    for (int i = 0; i < n; i++) {
      String rank = i % 4 == 0 ? "" : ",\"rank\":" + random.nextInt(5);
      put("/api/2/things/acme:t" + i, "{\"attributes\":{\"kind\":\"pump\"" + rank + "}}");
    }
    put("/api/2/things/other:t0", "{\"attributes\":{\"kind\":\"pump\",\"rank\":1}}");

    List<String> seen = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      String option =
          "sort(+attributes/rank,-thingId),size(5)"
              + (cursor == null ? "" : ",cursor(" + cursor + ")");
      HttpRequest<Buffer> request =
          client
              .get("/api/2/search/things")
              .addQueryParam("filter", "eq(attributes/kind,\"pump\")")
              .addQueryParam("namespaces", "acme")
              .addQueryParam("fields", "thingId,attributes/rank")
              .addQueryParam("option", option);
      HttpResponse<Buffer> page =
          request.send().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
      JsonObject body = page.bodyAsJsonObject();
      for (Object item : body.getJsonArray("items")) {
        JsonObject thing = (JsonObject) item;
        seen.add(thing.getString("thingId"));
        JsonObject attributes = thing.getJsonObject("attributes");
        ranks.add(attributes == null ? -1 : attributes.getInteger("rank"));
      }
      cursor = body.getString("cursor");
      pages++;
    } while (cursor != null && pages < 20);

    assertThat(pages).isEqualTo(5);
    assertThat(seen).hasSize(n).doesNotHaveDuplicates().allMatch(id -> id.startsWith("acme:"));
    assertThat(ranks).as("missing ranks first, then ascending").isSorted();
    assertThat(twins.indexedPaths())
        .as("the eq filter built a value index")
        .contains("/attributes/kind");

    HttpResponse<Buffer> count =
        get(
            "/api/2/search/things/count?filter="
                + java.net.URLEncoder.encode("eq(attributes/kind,\"pump\")", "UTF-8"));
    assertThat(count.bodyAsString()).isEqualTo(Integer.toString(n + 1));

    HttpResponse<Buffer> changedFilter =
        client
            .get("/api/2/search/things")
            .addQueryParam("filter", "exists(attributes/rank)")
            .addQueryParam("option", "size(5),cursor(" + firstCursor() + ")")
            .send()
            .toCompletionStage()
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    assertError(changedFilter, 400, "thing-search:search.option.invalid");
    assertError(
        get("/api/2/search/things?option=cursor(bm9wZQ)"),
        400,
        "thing-search:search.option.invalid");
  }

  private String firstCursor() throws Exception {
    return client
        .get("/api/2/search/things")
        .addQueryParam("filter", "eq(attributes/kind,\"pump\")")
        .addQueryParam("option", "size(2)")
        .send()
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS)
        .bodyAsJsonObject()
        .getString("cursor");
  }

  @Test
  void search_supports_every_rql_operator_of_the_design() throws Exception {
    put("/api/2/things/acme:a", "{\"attributes\":{\"n\":1,\"s\":\"Alpha\",\"tag\":\"x\"}}");
    put("/api/2/things/acme:b", "{\"attributes\":{\"n\":2,\"s\":\"beta\"}}");
    put("/api/2/things/acme:c", "{\"attributes\":{\"n\":3,\"s\":\"gamma\"}}");
    String[][] cases = {
      {"eq(attributes/n,2)", "acme:b"},
      {"ne(attributes/n,2)", "acme:a,acme:c"},
      {"gt(attributes/n,2)", "acme:c"},
      {"ge(attributes/n,2)", "acme:b,acme:c"},
      {"lt(attributes/n,2)", "acme:a"},
      {"le(attributes/n,2)", "acme:a,acme:b"},
      {"in(attributes/n,1,3)", "acme:a,acme:c"},
      {"like(attributes/s,\"*eta\")", "acme:b"},
      {"ilike(attributes/s,\"alpha\")", "acme:a"},
      {"exists(attributes/tag)", "acme:a"},
      {"and(gt(attributes/n,1),lt(attributes/n,3))", "acme:b"},
      {"or(eq(attributes/n,1),eq(attributes/n,3))", "acme:a,acme:c"},
      {"not(eq(attributes/n,1))", "acme:b,acme:c"},
      {"in(thingId,\"acme:a\",\"acme:c\")", "acme:a,acme:c"},
    };
    for (String[] c : cases) {
      HttpResponse<Buffer> r =
          client
              .get("/api/2/search/things")
              .addQueryParam("filter", c[0])
              .addQueryParam("fields", "thingId")
              .send()
              .toCompletionStage()
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      Set<String> ids = new HashSet<>();
      r.bodyAsJsonObject()
          .getJsonArray("items")
          .forEach(i -> ids.add(((JsonObject) i).getString("thingId")));
      assertThat(ids).as(c[0]).isEqualTo(Set.of(c[1].split(",")));
    }
  }

  @Test
  void lists_things_by_ids_in_ditto_shape() throws Exception {
    put("/api/2/things/acme:a", "{}");
    HttpResponse<Buffer> r = get("/api/2/things?ids=acme:a,acme:missing");
    JsonArray items = r.bodyAsJsonArray();
    assertThat(items).hasSize(1);
    ThingsModelFactory.newThing(items.getJsonObject(0).encode());
    MultiMap unused = r.headers();
    assertThat(unused.get("Content-Type")).isEqualTo("application/json");
  }
}
