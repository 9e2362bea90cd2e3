package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subjects × paths × permissions on one thing: alice owns it, bob may read all but the {@code
 * secret} feature (a revoke deeper than his grant), carol may only write attributes.
 */
class EnforcementMatrixTest extends SecuredApiTestBase {
  static final String POLICY =
      """
      {"entries":{
        "owner":{"subjects":{"nginx:alice":{"type":"user"}},
          "resources":{"policy:/":{"grant":["READ","WRITE"],"revoke":[]},
                       "thing:/":{"grant":["READ","WRITE"],"revoke":[]},
                       "message:/":{"grant":["READ","WRITE"],"revoke":[]}}},
        "reader":{"subjects":{"nginx:bob":{"type":"user"}},
          "resources":{"thing:/":{"grant":["READ"],"revoke":[]},
                       "thing:/features/secret":{"grant":[],"revoke":["READ"]}}},
        "writer":{"subjects":{"nginx:carol":{"type":"user"}},
          "resources":{"thing:/attributes":{"grant":["WRITE"],"revoke":[]}}}}}
      """;
  static final String THING =
      """
      {"policyId":"acme:m",
       "attributes":{"location":"hall 1","serial":"S-1"},
       "features":{"public":{"properties":{"v":1}},"secret":{"properties":{"k":42}}}}
      """;
  static final String T = "/api/2/things/acme:m";

  @BeforeEach
  void createThing() throws Exception {
    assertThat(call(HttpMethod.PUT, "/api/2/policies/acme:m", "alice", POLICY).statusCode())
        .isEqualTo(201);
    assertThat(call(HttpMethod.PUT, T, "alice", THING).statusCode()).isEqualTo(201);
  }

  @Test
  void reads_return_only_what_each_subject_may_see(VertxTestContext tc) throws Exception {
    JsonObject full = json(call(HttpMethod.GET, T, "alice", null));
    assertThat(full.getJsonObject("features").fieldNames())
        .containsExactlyInAnyOrder("public", "secret");

    HttpResponse<Buffer> partial = call(HttpMethod.GET, T, "bob", null);
    assertThat(partial.statusCode()).isEqualTo(200);
    JsonObject view = json(partial);
    assertThat(view.getString("thingId")).isEqualTo("acme:m");
    assertThat(view.getJsonObject("attributes").getString("location")).isEqualTo("hall 1");
    assertThat(view.getJsonObject("features").fieldNames()).containsExactly("public");

    assertThat(call(HttpMethod.GET, T + "/attributes/location", "bob", null).statusCode())
        .isEqualTo(200);
    assertThat(
            call(HttpMethod.GET, T + "/features/public/properties/v", "bob", null).bodyAsString())
        .isEqualTo("1");
    HttpResponse<Buffer> hidden = call(HttpMethod.GET, T + "/features/secret", "bob", null);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(json(hidden).getString("error")).isEqualTo("things:feature.notfound");
    assertThat(call(HttpMethod.GET, T + "/features/secret/properties/k", "bob", null).statusCode())
        .isEqualTo(404);
    assertThat(
            call(HttpMethod.GET, "/api/2/things?ids=acme:m", "bob", null)
                .bodyAsJsonArray()
                .getJsonObject(0)
                .getJsonObject("features")
                .fieldNames())
        .containsExactly("public");

    // carol may write attributes but read nothing: the thing does not exist for her reads
    HttpResponse<Buffer> none = call(HttpMethod.GET, T, "carol", null);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(json(none).getString("error")).isEqualTo("things:thing.notfound");
    assertThat(call(HttpMethod.GET, T + "/attributes", "carol", null).statusCode()).isEqualTo(404);
    tc.completeNow();
  }

  @Test
  void writes_need_write_on_every_touched_path(VertxTestContext tc) throws Exception {
    // bob reads but may not write: 403
    HttpResponse<Buffer> refused =
        call(HttpMethod.PUT, T + "/attributes/location", "bob", "\"hall 2\"");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused).getString("error")).isEqualTo("things:thing.notmodifiable");
    assertThat(call(HttpMethod.DELETE, T + "/attributes/serial", "bob", null).statusCode())
        .isEqualTo(403);
    assertThat(call(HttpMethod.PUT, T, "bob", "{}").statusCode()).isEqualTo(403);

    // carol writes attributes without reading them
    assertThat(call(HttpMethod.PUT, T + "/attributes/location", "carol", "\"hall 3\"").statusCode())
        .isEqualTo(204);
    assertThat(call(HttpMethod.DELETE, T + "/attributes/serial", "carol", null).statusCode())
        .isEqualTo(204);
    // ... but nothing else, and since she cannot read the thing it does not exist for her
    assertThat(call(HttpMethod.PUT, T + "/features/public/properties/v", "carol", "2").statusCode())
        .isEqualTo(404);
    HttpResponse<Buffer> patchInside =
        send(
            client
                .patch(T)
                .basicAuthentication("carol", PASSWORD)
                .putHeader("Content-Type", "application/merge-patch+json"),
            "{\"attributes\":{\"floor\":2}}");
    assertThat(patchInside.statusCode()).isEqualTo(204);
    HttpResponse<Buffer> patchOutside =
        send(
            client
                .patch(T)
                .basicAuthentication("carol", PASSWORD)
                .putHeader("Content-Type", "application/merge-patch+json"),
            "{\"attributes\":{\"floor\":3},\"features\":{\"public\":{\"properties\":{\"v\":9}}}}");
    assertThat(patchOutside.statusCode()).isEqualTo(404);

    // the revoke on the secret feature does not limit alice; bob may not write there either
    assertThat(call(HttpMethod.PUT, T + "/features/secret/properties/k", "bob", "1").statusCode())
        .isEqualTo(403);
    assertThat(call(HttpMethod.PUT, T + "/features/secret/properties/k", "alice", "7").statusCode())
        .isEqualTo(204);

    JsonObject after = json(call(HttpMethod.GET, T, "alice", null));
    assertThat(after.getJsonObject("attributes").getString("location")).isEqualTo("hall 3");
    assertThat(after.getJsonObject("attributes").getInteger("floor")).isEqualTo(2);
    assertThat(after.getJsonObject("attributes").containsKey("serial")).isFalse();
    assertThat(
            after
                .getJsonObject("features")
                .getJsonObject("public")
                .getJsonObject("properties")
                .getInteger("v"))
        .isEqualTo(1);
    assertThat(
            after
                .getJsonObject("features")
                .getJsonObject("secret")
                .getJsonObject("properties")
                .getInteger("k"))
        .isEqualTo(7);
    tc.completeNow();
  }

  @Test
  void a_thing_created_without_policy_gets_its_creators_default_policy(VertxTestContext tc)
      throws Exception {
    assertThat(
            call(HttpMethod.PUT, "/api/2/things/acme:fresh", "alice", "{\"attributes\":{\"a\":1}}")
                .statusCode())
        .isEqualTo(201);
    HttpResponse<Buffer> policy = call(HttpMethod.GET, "/api/2/policies/acme:fresh", "alice", null);
    assertThat(policy.statusCode()).isEqualTo(200);
    JsonObject entry = json(policy).getJsonObject("entries").getJsonObject("DEFAULT");
    assertThat(entry.getJsonObject("subjects").fieldNames()).containsExactly("nginx:alice");
    assertThat(entry.getJsonObject("resources").fieldNames())
        .containsExactlyInAnyOrder("thing:/", "policy:/", "message:/");
    assertThat(
            entry
                .getJsonObject("resources")
                .getJsonObject("thing:/")
                .getJsonArray("grant")
                .getList())
        .containsExactlyInAnyOrder("READ", "WRITE");
    // other members of the tenant are not in the default policy
    assertThat(call(HttpMethod.GET, "/api/2/things/acme:fresh", "bob", null).statusCode())
        .isEqualTo(404);
    // POST with a generated id gets one too
    HttpResponse<Buffer> posted =
        call(HttpMethod.POST, "/api/2/things?namespace=acme", "bob", "{}");
    assertThat(posted.statusCode()).isEqualTo(201);
    String id = json(posted).getString("thingId");
    assertThat(call(HttpMethod.GET, "/api/2/policies/" + id, "bob", null).statusCode())
        .isEqualTo(200);
    assertThat(call(HttpMethod.GET, "/api/2/things/" + id, "alice", null).statusCode())
        .isEqualTo(404);
    tc.completeNow();
  }

  @Test
  void device_twins_without_stored_policy_belong_to_their_tenant(VertxTestContext tc)
      throws Exception {
    set("acme:sensor-1", "temperature", 21.5);
    assertThat(call(HttpMethod.GET, "/api/2/things/acme:sensor-1", "bob", null).statusCode())
        .isEqualTo(200);
    assertThat(
            call(HttpMethod.PUT, "/api/2/things/acme:sensor-1/attributes/room", "carol", "\"1\"")
                .statusCode())
        .isEqualTo(201);
    assertThat(call(HttpMethod.GET, "/api/2/things/acme:sensor-1", "mallory", null).statusCode())
        .isEqualTo(404);
    tc.completeNow();
  }

  @Test
  void search_results_and_counts_leave_out_twins_the_subject_may_not_see(VertxTestContext tc)
      throws Exception {
    String filter = "?filter=eq(attributes/serial,%22S-1%22)";
    for (String reader : new String[] {"alice", "bob"}) {
      assertThat(
              call(HttpMethod.GET, "/api/2/search/things/count" + filter, reader, null)
                  .bodyAsString())
          .as(reader)
          .isEqualTo("1");
      JsonObject page = json(call(HttpMethod.GET, "/api/2/search/things" + filter, reader, null));
      assertThat(page.getJsonArray("items")).as(reader).hasSize(1);
    }
    // carol may write but not read the thing: it is not found, nor counted
    assertThat(
            call(HttpMethod.GET, "/api/2/search/things/count" + filter, "carol", null)
                .bodyAsString())
        .isEqualTo("0");
    assertThat(
            json(call(HttpMethod.GET, "/api/2/search/things" + filter, "carol", null))
                .getJsonArray("items"))
        .isEmpty();
    tc.completeNow();
  }
}
