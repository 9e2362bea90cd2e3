package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

class PolicyRoutesTest extends SecuredApiTestBase {
  static final String OWNER_POLICY =
      """
      {"entries":{"owner":{
        "subjects":{"nginx:alice":{"type":"user"}},
        "resources":{"policy:/":{"grant":["READ","WRITE"],"revoke":[]},
                     "thing:/":{"grant":["READ","WRITE"],"revoke":[]}}}}}
      """;

  @Test
  void a_policy_is_created_read_modified_and_deleted(VertxTestContext tc) throws Exception {
    HttpResponse<Buffer> created =
        call(HttpMethod.PUT, "/api/2/policies/acme:p1", "alice", OWNER_POLICY);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(json(created).getString("policyId")).isEqualTo("acme:p1");
    assertThat(created.getHeader("Location")).isEqualTo("/api/2/policies/acme:p1");

    HttpResponse<Buffer> read = call(HttpMethod.GET, "/api/2/policies/acme:p1", "alice", null);
    assertThat(read.statusCode()).isEqualTo(200);
    JsonObject policy = json(read);
    assertThat(
            policy
                .getJsonObject("entries")
                .getJsonObject("owner")
                .getJsonObject("resources")
                .fieldNames())
        .contains("thing:/");
    assertThat(policy.getLong("_revision", 1L)).isNotNull();

    String modified = OWNER_POLICY.replace("\"type\":\"user\"", "\"type\":\"admin\"");
    assertThat(call(HttpMethod.PUT, "/api/2/policies/acme:p1", "alice", modified).statusCode())
        .isEqualTo(204);
    assertThat(
            json(call(HttpMethod.GET, "/api/2/policies/acme:p1", "alice", null))
                .getJsonObject("entries")
                .getJsonObject("owner")
                .getJsonObject("subjects")
                .getJsonObject("nginx:alice")
                .getString("type"))
        .isEqualTo("admin");

    assertThat(call(HttpMethod.DELETE, "/api/2/policies/acme:p1", "alice", null).statusCode())
        .isEqualTo(204);
    HttpResponse<Buffer> gone = call(HttpMethod.GET, "/api/2/policies/acme:p1", "alice", null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(json(gone).getString("error")).isEqualTo("policies:policy.notfound");
    tc.completeNow();
  }

  @Test
  void entries_subjects_and_resources_are_addressable(VertxTestContext tc) throws Exception {
    call(HttpMethod.PUT, "/api/2/policies/acme:p2", "alice", OWNER_POLICY);
    String base = "/api/2/policies/acme:p2/entries";

    HttpResponse<Buffer> entries = call(HttpMethod.GET, base, "alice", null);
    assertThat(json(entries).fieldNames()).containsExactly("owner");

    String reader =
        """
        {"subjects":{"nginx:bob":{"type":"user"}},
         "resources":{"thing:/":{"grant":["READ"],"revoke":[]}}}
        """;
    assertThat(call(HttpMethod.PUT, base + "/reader", "alice", reader).statusCode()).isEqualTo(201);
    assertThat(call(HttpMethod.PUT, base + "/reader", "alice", reader).statusCode()).isEqualTo(204);
    assertThat(
            json(call(HttpMethod.GET, base + "/reader", "alice", null))
                .getJsonObject("subjects")
                .fieldNames())
        .contains("nginx:bob");

    assertThat(
            call(HttpMethod.PUT, base + "/reader/subjects/nginx:carol", "alice", "{\"type\":\"x\"}")
                .statusCode())
        .isEqualTo(201);
    assertThat(json(call(HttpMethod.GET, base + "/reader/subjects", "alice", null)).fieldNames())
        .containsExactlyInAnyOrder("nginx:bob", "nginx:carol");
    assertThat(
            call(HttpMethod.GET, base + "/reader/subjects/nginx:carol", "alice", null).statusCode())
        .isEqualTo(200);
    assertThat(
            call(HttpMethod.DELETE, base + "/reader/subjects/nginx:carol", "alice", null)
                .statusCode())
        .isEqualTo(204);
    HttpResponse<Buffer> noSubject =
        call(HttpMethod.GET, base + "/reader/subjects/nginx:carol", "alice", null);
    assertThat(noSubject.statusCode()).isEqualTo(404);
    assertThat(json(noSubject).getString("error")).isEqualTo("policies:subject.notfound");

    String revoke = "{\"grant\":[],\"revoke\":[\"READ\"]}";
    assertThat(
            call(HttpMethod.PUT, base + "/reader/resources/thing:/features/secret", "alice", revoke)
                .statusCode())
        .isEqualTo(201);
    HttpResponse<Buffer> resource =
        call(HttpMethod.GET, base + "/reader/resources/thing:/features/secret", "alice", null);
    assertThat(resource.statusCode()).isEqualTo(200);
    assertThat(json(resource).getJsonArray("revoke").getList()).containsExactly("READ");
    assertThat(json(call(HttpMethod.GET, base + "/reader/resources", "alice", null)).fieldNames())
        .containsExactlyInAnyOrder("thing:/", "thing:/features/secret");
    assertThat(
            call(
                    HttpMethod.DELETE,
                    base + "/reader/resources/thing:/features/secret",
                    "alice",
                    null)
                .statusCode())
        .isEqualTo(204);
    assertThat(
            call(HttpMethod.GET, base + "/reader/resources/thing:/features/secret", "alice", null)
                .statusCode())
        .isEqualTo(404);

    assertThat(call(HttpMethod.DELETE, base + "/reader", "alice", null).statusCode())
        .isEqualTo(204);
    HttpResponse<Buffer> noEntry = call(HttpMethod.GET, base + "/reader", "alice", null);
    assertThat(noEntry.statusCode()).isEqualTo(404);
    assertThat(json(noEntry).getString("error")).isEqualTo("policies:entry.notfound");
    tc.completeNow();
  }

  @Test
  void invalid_policies_are_refused_with_400_and_nothing_is_stored(VertxTestContext tc)
      throws Exception {
    String[] bad = {
      "[1,2]",
      "{\"entries\":\"none\"}",
      "{\"entries\":{\"e\":{\"resources\":{\"thing:/\":{\"grant\":[\"READ\"],\"revoke\":[]}}}}}",
      "{\"entries\":{\"e\":{\"subjects\":{\"nginx:alice\":{}},"
          + "\"resources\":{\"thing:/\":{\"grant\":\"READ\"}}}}}",
    };
    for (String body : bad) {
      HttpResponse<Buffer> refused =
          call(HttpMethod.PUT, "/api/2/policies/acme:bad", "alice", body);
      assertThat(refused.statusCode()).as(body).isEqualTo(400);
      assertThat(json(refused).getString("error")).as(body).isEqualTo("policies:policy.invalid");
    }
    assertThat(call(HttpMethod.PUT, "/api/2/policies/acme:bad", "alice", "{nope").statusCode())
        .isEqualTo(400);
    HttpResponse<Buffer> badId =
        call(HttpMethod.PUT, "/api/2/policies/no-namespace", "alice", OWNER_POLICY);
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(json(badId).getString("error")).isEqualTo("policies:id.invalid");
    assertThat(call(HttpMethod.GET, "/api/2/policies/acme:bad", "alice", null).statusCode())
        .isEqualTo(404);
    tc.completeNow();
  }

  @Test
  void policies_are_protected_by_their_own_entries_and_tenants(VertxTestContext tc)
      throws Exception {
    call(HttpMethod.PUT, "/api/2/policies/acme:p3", "alice", OWNER_POLICY);
    // bob is in the tenant but not in the policy: the policy does not exist for him
    assertThat(call(HttpMethod.GET, "/api/2/policies/acme:p3", "bob", null).statusCode())
        .isEqualTo(404);
    assertThat(call(HttpMethod.PUT, "/api/2/policies/acme:p3", "bob", OWNER_POLICY).statusCode())
        .isEqualTo(404);
    assertThat(call(HttpMethod.DELETE, "/api/2/policies/acme:p3", "bob", null).statusCode())
        .isEqualTo(404);
    // another tenant may not even create policies in acme's namespace
    assertThat(
            call(HttpMethod.PUT, "/api/2/policies/acme:p4", "mallory", OWNER_POLICY).statusCode())
        .isEqualTo(404);
    // a read-only subject gets 403 on writes
    String readOnly =
        """
        {"subjects":{"nginx:bob":{"type":"user"}},
         "resources":{"policy:/":{"grant":["READ"],"revoke":[]}}}
        """;
    call(HttpMethod.PUT, "/api/2/policies/acme:p3/entries/reader", "alice", readOnly);
    assertThat(call(HttpMethod.GET, "/api/2/policies/acme:p3", "bob", null).statusCode())
        .isEqualTo(200);
    HttpResponse<Buffer> refused = call(HttpMethod.DELETE, "/api/2/policies/acme:p3", "bob", null);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(json(refused).getString("error")).isEqualTo("policies:policy.notmodifiable");
    // the owner may not remove its own WRITE on policy:/
    HttpResponse<Buffer> lockout =
        call(HttpMethod.DELETE, "/api/2/policies/acme:p3/entries/owner", "alice", null);
    assertThat(lockout.statusCode()).isEqualTo(403);
    assertThat(
            call(HttpMethod.GET, "/api/2/policies/acme:p3/entries/owner", "alice", null)
                .statusCode())
        .isEqualTo(200);
    tc.completeNow();
  }
}
