package io.twinwright.api;

import static io.twinwright.api.Connection.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Ditto Protocol endpoint enforces policies as the HTTP API does, on the policy of {@link
 * EnforcementMatrixTest}: alice owns {@code acme:m}, bob reads all but the {@code secret} feature,
 * carol may only write attributes, mallory is of another tenant.
 */
class WebSocketEnforcementTest extends SecuredApiTestBase {
  private static final String T = EnforcementMatrixTest.T;

  private WebSocketClient wsClient;
  private final List<Connection> open = new ArrayList<>();

  @BeforeEach
  void createThing(Vertx vertx) throws Exception {
    wsClient = vertx.createWebSocketClient();
    assertThat(
            call(HttpMethod.PUT, "/api/2/policies/acme:m", "alice", EnforcementMatrixTest.POLICY)
                .statusCode())
        .isEqualTo(201);
    assertThat(call(HttpMethod.PUT, T, "alice", EnforcementMatrixTest.THING).statusCode())
        .isEqualTo(201);
  }

  @AfterEach
  void closeClient() throws Exception {
    wsClient.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private Connection as(String user) throws Exception {
    Connection c = Connection.open(wsClient, port, user, PASSWORD);
    open.add(c);
    return c;
  }

  private static JsonObject errorValue(JsonObject response) {
    assertThat(response.getString("topic")).endsWith("/things/twin/errors");
    return response.getJsonObject("value");
  }

  @Test
  void a_retrieve_answers_only_what_the_subject_may_read(VertxTestContext tc) throws Exception {
    Connection bob = as("bob");
    bob.send(command("acme:m", "retrieve", "/", null, "b-thing"));
    JsonObject view = bob.response("b-thing");
    assertThat(view.getInteger("status")).isEqualTo(200);
    assertThat(view.getJsonObject("value").getJsonObject("features").fieldNames())
        .containsExactly("public");

    bob.send(command("acme:m", "retrieve", "/features/secret", null, "b-secret"));
    JsonObject hidden = bob.response("b-secret");
    assertThat(hidden.getInteger("status")).isEqualTo(404);
    assertThat(errorValue(hidden).getString("error")).isEqualTo("things:feature.notfound");

    Connection alice = as("alice");
    alice.send(command("acme:m", "retrieve", "/features/secret/properties/k", null, "a-k"));
    assertThat(alice.response("a-k").getInteger("value")).isEqualTo(42);

    Connection mallory = as("mallory");
    mallory.send(command("acme:m", "retrieve", "/", null, "m-thing"));
    JsonObject foreign = mallory.response("m-thing");
    assertThat(foreign.getInteger("status")).isEqualTo(404);
    assertThat(errorValue(foreign).getString("error")).isEqualTo("things:thing.notfound");
    tc.completeNow();
  }

  @Test
  void a_write_needs_write_permission_on_what_it_touches(VertxTestContext tc) throws Exception {
    Connection bob = as("bob");
    bob.send(command("acme:m", "modify", "/attributes/location", "hall 2", "b-write"));
    JsonObject refused = bob.response("b-write");
    assertThat(refused.getInteger("status")).isEqualTo(403);
    assertThat(errorValue(refused).getString("error")).isEqualTo("things:thing.notmodifiable");
    bob.send(command("acme:m", "delete", "/attributes/serial", null, "b-delete"));
    assertThat(bob.response("b-delete").getInteger("status")).isEqualTo(403);

    Connection carol = as("carol");
    carol.send(command("acme:m", "modify", "/attributes/location", "hall 3", "c-write"));
    assertThat(carol.response("c-write").getInteger("status")).isEqualTo(204);
    carol.send(
        command(
            "acme:m",
            "merge",
            "/",
            new JsonObject()
                .put("attributes", new JsonObject().put("floor", 3))
                .put(
                    "features",
                    new JsonObject()
                        .put("public", new JsonObject().put("properties", new JsonObject()))),
            "c-merge"));
    assertThat(carol.response("c-merge").getInteger("status")).isEqualTo(404);

    Connection mallory = as("mallory");
    mallory.send(command("acme:m", "modify", "/attributes/location", "stolen", "m-write"));
    assertThat(mallory.response("m-write").getInteger("status")).isEqualTo(404);
    // a thing in another tenant's namespace cannot be created either
    mallory.send(command("acme:new", "create", "/", new JsonObject(), "m-create"));
    assertThat(mallory.response("m-create").getInteger("status")).isEqualTo(404);
    assertThat(twins.get("acme:new")).isEmpty();

    JsonObject stored = json(call(HttpMethod.GET, T + "/attributes", "alice", null));
    assertThat(stored.getString("location")).isEqualTo("hall 3");
    assertThat(stored.containsKey("floor")).isFalse();

    // a new thing of her own tenant gets the default policy: its creator may read it back
    mallory.send(command("evil:box", "create", "/", new JsonObject(), "m-own"));
    assertThat(mallory.response("m-own").getInteger("status")).isEqualTo(201);
    mallory.send(command("evil:box", "retrieve", "/", null, "m-read"));
    assertThat(mallory.response("m-read").getInteger("status")).isEqualTo(200);
    tc.completeNow();
  }

  @Test
  void events_carry_only_what_the_subscriber_may_read(VertxTestContext tc) throws Exception {
    Connection bob = as("bob");
    bob.startEvents("");
    Connection mallory = as("mallory");
    mallory.startEvents("");

    // wholly inside the feature bob may not read: not sent to him at all
    assertThat(call(HttpMethod.PUT, T + "/features/secret/properties/k", "alice", "7").statusCode())
        .isEqualTo(204);
    // partly readable: he gets the readable part only
    var patch =
        client
            .patch(T)
            .basicAuthentication("alice", PASSWORD)
            .putHeader("Content-Type", "application/merge-patch+json");
    assertThat(
            send(
                    patch,
                    "{\"attributes\":{\"floor\":2},"
                        + "\"features\":{\"secret\":{\"properties\":{\"k\":8}}}}")
                .statusCode())
        .isEqualTo(204);
    // wholly readable: the write's own event
    assertThat(call(HttpMethod.PUT, T + "/attributes/location", "alice", "\"hall 9\"").statusCode())
        .isEqualTo(204);

    JsonObject partial = bob.event("/things/twin/events/merged");
    assertThat(partial.getString("topic")).isEqualTo("acme/m/things/twin/events/merged");
    assertThat(partial.getString("path")).isEqualTo("/");
    assertThat(partial.getJsonObject("value").getJsonObject("attributes").getInteger("floor"))
        .isEqualTo(2);
    assertThat(partial.getJsonObject("value").containsKey("features")).isFalse();
    JsonObject whole = bob.event("/things/twin/events/modified");
    assertThat(whole.getString("path")).isEqualTo("/attributes/location");
    assertThat(whole.getString("value")).isEqualTo("hall 9");
    // events arrive in order: the secret change, made first, would have come before these
    assertThat(bob.drained()).isTrue();
    assertThat(partial.encode()).doesNotContain("secret");

    // mallory's first event is of her own tenant's thing: nothing of acme reached her
    mallory.send(command("evil:box", "create", "/", new JsonObject(), "m-own"));
    assertThat(mallory.response("m-own").getInteger("status")).isEqualTo(201);
    JsonObject first = mallory.nextJson(j -> j.getString("topic", "").contains("/events/"));
    assertThat(first.getString("topic")).isEqualTo("evil/box/things/twin/events/created");
    tc.completeNow();
  }
}
