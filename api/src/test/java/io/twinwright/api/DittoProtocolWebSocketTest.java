package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Ditto Protocol WebSocket endpoint with a plain Vert.x WebSocket client: text frames of Ditto
 * Protocol JSON in and out.
 */
class DittoProtocolWebSocketTest extends ApiTestBase {

  private WebSocketClient wsClient;
  private final List<Connection> connections = new ArrayList<>();

  @BeforeEach
  void createClient(Vertx vertx) {
    wsClient = vertx.createWebSocketClient();
  }

  @AfterEach
  void closeClient() throws Exception {
    wsClient.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private Connection connect() throws Exception {
    Connection c = Connection.open(wsClient, port, "ditto", "ditto");
    connections.add(c);
    return c;
  }

  @Test
  void modifyIsAnsweredWithItsCorrelationIdAndPublishedAsEvent() throws Exception {
    Connection c = connect();
    c.startEvents("");

    c.send(
        Connection.command(
            "plant:pump-1",
            "create",
            "/",
            new JsonObject().put("attributes", new JsonObject().put("site", "north")),
            "c-create"));
    JsonObject created = c.response("c-create");
    assertThat(created.getString("topic"))
        .as(created.encode())
        .isEqualTo("plant/pump-1/things/twin/commands/create");
    assertThat(created.getInteger("status")).isEqualTo(201);
    assertThat(created.getJsonObject("value").getString("thingId")).isEqualTo("plant:pump-1");
    JsonObject createdEvent = c.event("/things/twin/events/created");
    assertThat(createdEvent.getString("topic"))
        .isEqualTo("plant/pump-1/things/twin/events/created");
    assertThat(createdEvent.getJsonObject("value").getJsonObject("attributes").getString("site"))
        .isEqualTo("north");
    assertThat(createdEvent.getLong("revision")).isEqualTo(1L);

    c.send(Connection.command("plant:pump-1", "modify", "/attributes/speed", 42, "c-modify"));
    JsonObject modified = c.response("c-modify");
    assertThat(modified.getString("topic")).isEqualTo("plant/pump-1/things/twin/commands/modify");
    assertThat(modified.getString("path")).isEqualTo("/attributes/speed");
    assertThat(modified.getInteger("status")).isEqualTo(201);

    JsonObject event = c.event("/things/twin/events/modified");
    assertThat(event.getString("path")).isEqualTo("/attributes/speed");
    assertThat(event.getInteger("value")).isEqualTo(42);
    assertThat(event.getLong("revision")).isEqualTo(2L);
    assertThat(event.getString("timestamp")).isNotBlank();

    // modifying an existing attribute: 204, no value
    c.send(Connection.command("plant:pump-1", "modify", "/attributes/speed", 43, "c-again"));
    JsonObject again = c.response("c-again");
    assertThat(again.getInteger("status")).isEqualTo(204);
    assertThat(again.containsKey("value")).isFalse();
    assertThat(
            twins.get("plant:pump-1").orElseThrow().getAttributes().orElseThrow().getValue("speed"))
        .hasValueSatisfying(v -> assertThat(v.asInt()).isEqualTo(43));
  }

  @Test
  void retrieveReturnsTheValue() throws Exception {
    Connection c = connect();
    c.send(
        Connection.command(
            "plant:pump-2",
            "modify",
            "/",
            new JsonObject()
                .put(
                    "features",
                    new JsonObject()
                        .put(
                            "flow",
                            new JsonObject().put("properties", new JsonObject().put("rate", 3.5)))),
            "c-put"));
    assertThat(c.response("c-put").getInteger("status")).isEqualTo(201);

    c.send(
        Connection.command(
            "plant:pump-2", "retrieve", "/features/flow/properties/rate", null, "c-get"));
    JsonObject value = c.response("c-get");
    assertThat(value.getInteger("status")).isEqualTo(200);
    assertThat(value.getString("topic")).isEqualTo("plant/pump-2/things/twin/commands/retrieve");
    assertThat(value.getDouble("value")).isEqualTo(3.5);

    c.send(Connection.command("plant:pump-2", "retrieve", "/", null, "c-thing"));
    JsonObject thing = c.response("c-thing").getJsonObject("value");
    assertThat(thing.getString("thingId")).isEqualTo("plant:pump-2");
    assertThat(thing.getString("policyId")).isEqualTo("plant:pump-2");

    c.send(
        Connection.command("plant:pump-2", "retrieve", "/attributes/missing", null, "c-missing"));
    JsonObject missing = c.response("c-missing");
    assertThat(missing.getString("topic")).isEqualTo("plant/pump-2/things/twin/errors");
    assertThat(missing.getInteger("status")).isEqualTo(404);
    assertThat(missing.getJsonObject("value").getString("error"))
        .isEqualTo("things:attribute.notfound");
  }

  @Test
  void unknownThingAndMalformedMessagesGetDittoErrors() throws Exception {
    Connection c = connect();
    c.send(Connection.command("plant:nothing", "retrieve", "/", null, "c-404"));
    JsonObject notFound = c.response("c-404");
    assertThat(notFound.getString("topic")).isEqualTo("plant/nothing/things/twin/errors");
    assertThat(notFound.getInteger("status")).isEqualTo(404);
    assertThat(notFound.getJsonObject("value").getString("error"))
        .isEqualTo("things:thing.notfound");
    assertThat(notFound.getJsonObject("value").getInteger("status")).isEqualTo(404);

    c.send(Connection.command("plant:nothing", "modify", "/attributes/x", 1, "c-404-modify"));
    assertThat(c.response("c-404-modify").getJsonObject("value").getString("error"))
        .isEqualTo("things:thing.notfound");

    c.send("{\"topic\": \"plant/x/things/twin/commands/modify\", ");
    JsonObject malformed = c.nextJson(j -> j.getString("topic", "").endsWith("/errors"));
    assertThat(malformed.getInteger("status")).isEqualTo(400);
    assertThat(malformed.getJsonObject("value").getString("error")).isEqualTo("json.invalid");

    c.send(new JsonObject().put("topic", "not a topic").put("path", "/").encode());
    JsonObject badTopic = c.nextJson(j -> j.getString("topic", "").endsWith("/errors"));
    assertThat(badTopic.getInteger("status")).isEqualTo(400);

    c.send(
        new JsonObject()
            .put("topic", "plant/x/things/live/commands/modify")
            .put("path", "/attributes/a")
            .put("value", 1)
            .put("headers", new JsonObject().put("correlation-id", "c-live"))
            .encode());
    assertThat(c.response("c-live").getInteger("status")).isEqualTo(501);

    // the connection survived all of it
    c.send(Connection.command("plant:nothing", "create", "/", new JsonObject(), "c-ok"));
    JsonObject ok = c.response("c-ok");
    assertThat(ok.getInteger("status")).as(ok.encode()).isEqualTo(201);
    c.send(Connection.command("plant:nothing", "create", "/", new JsonObject(), "c-conflict"));
    JsonObject conflict = c.response("c-conflict");
    assertThat(conflict.getInteger("status")).isEqualTo(409);
    assertThat(conflict.getJsonObject("value").getString("error"))
        .isEqualTo("things:thing.conflict");
  }

  @Test
  void filterAndNamespacesSelectTheTwinsWhoseEventsAreSent() throws Exception {
    Connection writer = connect();
    Connection pumps = connect();
    String filter = URLEncoder.encode("eq(attributes/kind,\"pump\")", StandardCharsets.UTF_8);
    pumps.startEvents("?filter=" + filter + "&namespaces=plant");

    writer.send(Connection.command("plant:valve", "create", "/", kind("valve"), "w1"));
    writer.send(Connection.command("other:pump", "create", "/", kind("pump"), "w2"));
    writer.send(Connection.command("plant:pump", "create", "/", kind("pump"), "w3"));
    for (String id : List.of("w1", "w2", "w3")) {
      assertThat(writer.response(id).getInteger("status")).isEqualTo(201);
    }
    writer.send(Connection.command("plant:valve", "modify", "/attributes/open", true, "w4"));
    writer.send(Connection.command("plant:pump", "modify", "/attributes/rpm", 900, "w5"));
    writer.send(
        Connection.command(
            "plant:pump",
            "merge",
            "/attributes",
            new JsonObject().put("rpm", 950).putNull("kind"),
            "w6"));
    writer.send(Connection.command("plant:pump", "delete", "/", null, "w7"));
    // new attributes are created (201), the merge and the delete answer 204
    for (String id : List.of("w4", "w5")) {
      assertThat(writer.response(id).getInteger("status")).isEqualTo(201);
    }
    for (String id : List.of("w6", "w7")) {
      assertThat(writer.response(id).getInteger("status")).isEqualTo(204);
    }

    JsonObject created = pumps.event("/events/created");
    assertThat(created.getString("topic")).startsWith("plant/pump/");
    JsonObject modified = pumps.event("/events/modified");
    assertThat(modified.getString("topic")).startsWith("plant/pump/");
    assertThat(modified.getString("path")).isEqualTo("/attributes/rpm");
    // after the merge the pump no longer matches the filter: no merged and no deleted event
    writer.send(Connection.command("plant:pump2", "create", "/", kind("pump"), "w8"));
    assertThat(writer.response("w8").getInteger("status")).isEqualTo(201);
    JsonObject next = pumps.nextJson(j -> j.containsKey("topic"));
    assertThat(next.getString("topic")).isEqualTo("plant/pump2/things/twin/events/created");
    assertThat(pumps.drained()).as("only the pumps' events").isTrue();

    pumps.startEvents("?namespaces=plant");
    writer.send(
        Connection.command(
            "plant:pump2", "merge", "/attributes", new JsonObject().put("rpm", 1), "w9"));
    JsonObject merged = pumps.event("/events/merged");
    assertThat(merged.getString("path")).isEqualTo("/attributes");
    assertThat(merged.getJsonObject("value").getInteger("rpm")).isEqualTo(1);
    writer.send(Connection.command("plant:pump2", "delete", "/attributes/rpm", null, "w10"));
    JsonObject deletedPart = pumps.event("/events/deleted");
    assertThat(deletedPart.getString("path")).isEqualTo("/attributes/rpm");
    writer.send(Connection.command("plant:pump2", "delete", "/", null, "w11"));
    JsonObject deleted = pumps.event("/events/deleted");
    assertThat(deleted.getString("topic")).isEqualTo("plant/pump2/things/twin/events/deleted");
    assertThat(deleted.getString("path")).isEqualTo("/");

    pumps.send("STOP-SEND-EVENTS");
    assertThat(pumps.next(t -> t.startsWith("STOP"))).isEqualTo("STOP-SEND-EVENTS:ACK");
    pumps.send("START-SEND-MESSAGES");
    assertThat(pumps.next(t -> t.startsWith("START"))).isEqualTo("START-SEND-MESSAGES:ACK");
  }

  @Test
  void invalidFilterIsRefused() throws Exception {
    Connection c = connect();
    c.send(
        "START-SEND-EVENTS?filter=" + URLEncoder.encode("eq(attributes/x", StandardCharsets.UTF_8));
    JsonObject error = c.nextJson(j -> true);
    assertThat(error.getInteger("status")).isEqualTo(400);
    assertThat(error.getJsonObject("value").getString("error")).isEqualTo("rql.expression.invalid");
  }

  private static JsonObject kind(String kind) {
    return new JsonObject().put("attributes", new JsonObject().put("kind", kind));
  }
}
