package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.twin.TwinCondition;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.Test;

class DeltaRoutesTest extends ApiTestBase {

  private void thing(String id, String features) throws Exception {
    twins
        .put(
            ThingId.of(id),
            JsonPointer.empty(),
            JsonFactory.newObject("{\"features\":" + features + "}"),
            TwinCondition.NONE)
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void lists_the_desired_values_a_twin_has_not_reported(VertxTestContext tc) throws Exception {
    thing(
        "acme:d1",
        "{\"cfg\":{\"properties\":{\"rate\":5,\"mode\":\"eco\",\"gain\":1.0},"
            + "\"desiredProperties\":{\"rate\":10,\"mode\":\"eco\",\"gain\":1,\"led\":true}}}");
    expect(
        tc,
        client.get("/api/2/things/acme:d1/delta").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
          assertThat(json(r))
              .isEqualTo(
                  new JsonObject(
                      "{\"thingId\":\"acme:d1\",\"features\":{\"cfg\":{"
                          + "\"led\":{\"desired\":true},"
                          + "\"rate\":{\"desired\":10,\"reported\":5}}},\"inSync\":false}"));
        });
  }

  @Test
  void a_twin_whose_reported_state_matches_is_in_sync(VertxTestContext tc) throws Exception {
    thing(
        "acme:d2", "{\"cfg\":{\"properties\":{\"rate\":10},\"desiredProperties\":{\"rate\":10}}}");
    expect(
        tc,
        client.get("/api/2/things/acme:d2/delta").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(json(r).getBoolean("inSync")).isTrue();
          assertThat(json(r).getJsonObject("features")).isEmpty();
        });
  }

  @Test
  void desired_state_written_through_the_api_shows_in_the_delta(VertxTestContext tc)
      throws Exception {
    thing("acme:d3", "{\"cfg\":{\"properties\":{\"rate\":5}}}");
    expect(
        tc,
        client
            .put("/api/2/things/acme:d3/features/cfg/desiredProperties/rate")
            .sendBuffer(Buffer.buffer("7"))
            .compose(put -> client.get("/api/2/things/acme:d3/delta").send()),
        r ->
            assertThat(json(r).getJsonObject("features").getJsonObject("cfg"))
                .isEqualTo(new JsonObject("{\"rate\":{\"desired\":7,\"reported\":5}}")));
  }

  @Test
  void answers_404_in_ditto_terms_for_an_unknown_thing(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/things/acme:nobody/delta").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(404);
          assertThat(json(r).getString("error")).isEqualTo("things:thing.notfound");
          assertThat(json(r).getInteger("status")).isEqualTo(404);
        });
  }

  @Test
  void answers_400_for_an_invalid_thing_id(VertxTestContext tc) {
    expect(
        tc,
        client.get("/api/2/things/no-namespace/delta").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(json(r).getString("error")).isEqualTo("things:id.invalid");
        });
  }

  @Test
  void lists_only_twins_out_of_sync_page_by_page(VertxTestContext tc) throws Exception {
    for (int i = 0; i < 5; i++) {
      String desired = i % 2 == 0 ? "1" : "0";
      thing(
          "acme:t" + i,
          "{\"cfg\":{\"properties\":{\"on\":0},\"desiredProperties\":{\"on\":" + desired + "}}}");
    }
    thing("other:t9", "{\"cfg\":{\"desiredProperties\":{\"on\":1}}}");
    List<String> seen = new ArrayList<>();
    expect(
        tc,
        client
            .get("/api/2/delta")
            .addQueryParam("namespaces", "acme")
            .addQueryParam("option", "size(2)")
            .send()
            .compose(
                first -> {
                  collect(first, seen);
                  String cursor = json(first).getString("cursor");
                  assertThat(cursor).isNotNull();
                  return client
                      .get("/api/2/delta")
                      .addQueryParam("option", "size(2),cursor(" + cursor + ")")
                      .send();
                }),
        last -> {
          assertThat(last.statusCode()).isEqualTo(200);
          collect(last, seen);
          assertThat(seen).containsExactly("acme:t0", "acme:t2", "acme:t4");
          assertThat(json(last).containsKey("cursor")).isFalse();
        });
  }

  @Test
  void filters_the_fleet_listing_with_rql(VertxTestContext tc) throws Exception {
    thing("acme:a", "{\"cfg\":{\"properties\":{\"k\":\"x\"},\"desiredProperties\":{\"on\":1}}}");
    thing("acme:b", "{\"cfg\":{\"properties\":{\"k\":\"y\"},\"desiredProperties\":{\"on\":1}}}");
    expect(
        tc,
        client
            .get("/api/2/delta")
            .addQueryParam("filter", "eq(features/cfg/properties/k,\"y\")")
            .send(),
        r -> {
          JsonArray items = json(r).getJsonArray("items");
          assertThat(items).hasSize(1);
          assertThat(items.getJsonObject(0).getString("thingId")).isEqualTo("acme:b");
        });
  }

  @Test
  void rejects_sort_options_and_bad_filters(VertxTestContext tc) {
    expect(
        tc,
        Future.all(
            client.get("/api/2/delta").addQueryParam("option", "sort(+thingId)").send(),
            client.get("/api/2/delta").addQueryParam("filter", "eq(broken").send(),
            client.get("/api/2/delta").addQueryParam("option", "cursor(bogus)").send()),
        all -> {
          for (int i = 0; i < 3; i++) {
            HttpResponse<Buffer> r = all.resultAt(i);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
            assertThat(json(r).getString("error")).isNotBlank();
          }
        });
  }

  private static void collect(HttpResponse<Buffer> page, List<String> seen) {
    assertThat(page.statusCode()).as(page.bodyAsString()).isEqualTo(200);
    JsonArray items = json(page).getJsonArray("items");
    for (int i = 0; i < items.size(); i++) {
      JsonObject item = items.getJsonObject(i);
      assertThat(item.getBoolean("inSync")).isFalse();
      seen.add(item.getString("thingId"));
    }
  }
}
