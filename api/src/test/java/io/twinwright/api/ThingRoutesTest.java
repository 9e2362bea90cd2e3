package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class ThingRoutesTest extends ApiTestBase {

  @Test
  void returns_a_thing_in_ditto_shape(VertxTestContext tc) throws Exception {
    set("acme:sensor-1", "temperature", 21.5);

    expect(
        tc,
        client.get("/api/2/things/acme:sensor-1").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
          assertThat(r.getHeader("ETag")).isEqualTo("\"rev:1\"");
          assertThat(json(r))
              .isEqualTo(
                  new JsonObject()
                      .put("thingId", "acme:sensor-1")
                      .put(
                          "features",
                          new JsonObject()
                              .put(
                                  "temperature",
                                  new JsonObject()
                                      .put("properties", new JsonObject().put("value", 21.5)))));
        });
  }

  @Test
  void answers_an_unknown_thing_with_dittos_not_found_error(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/things/acme:nobody").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(404);
          JsonObject body = json(r);
          assertThat(body.getInteger("status")).isEqualTo(404);
          assertThat(body.getString("error")).isEqualTo("things:thing.notfound");
          assertThat(body.getString("message")).contains("acme:nobody");
          assertThat(body.getString("description")).isNotBlank();
        });
  }

  @Test
  void rejects_a_thing_id_without_namespace(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/things/no-namespace").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(json(r).getString("error")).isEqualTo("things:id.invalid");
        });
  }

  @Test
  void selects_fields_including_special_ones(VertxTestContext tc) throws Exception {
    set("acme:sensor-1", "temperature", 21.5);
    set("acme:sensor-1", "humidity", 40);

    expect(
        tc,
        client
            .get("/api/2/things/acme:sensor-1")
            .addQueryParam("fields", "thingId,_revision,features/humidity")
            .send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(json(r))
              .isEqualTo(
                  new JsonObject()
                      .put("thingId", "acme:sensor-1")
                      .put("_revision", 2)
                      .put(
                          "features",
                          new JsonObject()
                              .put(
                                  "humidity",
                                  new JsonObject()
                                      .put("properties", new JsonObject().put("value", 40)))));
        });
  }

  @Test
  void rejects_a_malformed_field_selection(VertxTestContext tc) throws Exception {
    set("acme:sensor-1", "temperature", 21.5);

    expect(
        tc,
        client
            .get("/api/2/things/acme:sensor-1")
            .addQueryParam("fields", "features(temperature")
            .send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(json(r).getString("error")).startsWith("json.");
        });
  }

  @Test
  void lists_the_requested_things_leaving_out_unknown_ones(VertxTestContext tc) throws Exception {
    set("acme:a", "temperature", 1);
    set("acme:b", "temperature", 2);

    expect(
        tc,
        client
            .get("/api/2/things")
            .addQueryParam("ids", "acme:a,acme:missing")
            .addQueryParam("fields", "thingId")
            .send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonArray())
              .isEqualTo(new JsonArray().add(new JsonObject().put("thingId", "acme:a")));
        });
  }

  @Test
  void requires_ids_when_listing_things(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/things").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(json(r).getString("error")).isEqualTo("things:things.ids.missing");
        });
  }

  @Test
  void searches_with_rql_and_restricts_to_namespaces(VertxTestContext tc) throws Exception {
    set("acme:cold", "temperature", 20);
    set("acme:warm", "temperature", 30);
    set("other:warm", "temperature", 30);
    String warm = "gt(features/temperature/properties/value,25)";

    expect(
        tc,
        client
            .get("/api/2/search/things")
            .addQueryParam("filter", warm)
            .send()
            .compose(
                all -> {
                  assertThat(all.statusCode()).isEqualTo(200);
                  assertThat(thingIds(json(all)))
                      .containsExactlyInAnyOrder("acme:warm", "other:warm");
                  assertThat(json(all).containsKey("cursor")).as("last page").isFalse();
                  return client
                      .get("/api/2/search/things")
                      .addQueryParam("filter", warm)
                      .addQueryParam("namespaces", "acme")
                      .send();
                }),
        r -> assertThat(thingIds(json(r))).containsExactly("acme:warm"));
  }

  @Test
  void pages_search_results_with_size(VertxTestContext tc) throws Exception {
    set("acme:a", "temperature", 1);
    set("acme:b", "temperature", 2);
    set("acme:c", "temperature", 3);

    expect(
        tc,
        client
            .get("/api/2/search/things")
            .addQueryParam("filter", "exists(features/temperature)")
            .addQueryParam("option", "size(2)")
            .send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(json(r).getJsonArray("items")).hasSize(2);
          assertThat(json(r).getString("cursor")).as("more pages follow").isNotBlank();
        });
  }

  @Test
  void rejects_invalid_rql_with_the_parsers_message(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/search/things").addQueryParam("filter", "gt(features/x,").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          JsonObject body = json(r);
          assertThat(body.getInteger("status")).isEqualTo(400);
          assertThat(body.getString("error")).isEqualTo("rql.expression.invalid");
          assertThat(body.getString("message")).isNotBlank();
        });
  }

  @Test
  void refuses_unknown_search_options_by_name(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/search/things").addQueryParam("option", "shuffle(3)").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(json(r).getString("error")).isEqualTo("thing-search:search.option.invalid");
          assertThat(json(r).getString("message")).contains("shuffle(");
        });
  }

  @Test
  void counts_matching_things_as_a_plain_number(VertxTestContext tc) throws Exception {
    set("acme:cold", "temperature", 20);
    set("acme:warm", "temperature", 30);
    set("other:warm", "temperature", 30);

    expect(
        tc,
        client
            .get("/api/2/search/things/count")
            .addQueryParam("filter", "gt(features/temperature/properties/value,25)")
            .send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsString()).isEqualTo("2");
        });
  }

  private static java.util.List<String> thingIds(JsonObject searchResult) {
    return searchResult.getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("thingId"))
        .toList();
  }
}
