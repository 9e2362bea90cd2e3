package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.twin.DeviceId;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttributeRoutesTest extends OperatorApiTestBase {
  private static final String PART_OF = "/api/2/things/acme:pump-1/attributes/relations/partOf";

  @BeforeEach
  void twin() throws Exception {
    twins.ensure(DeviceId.of("acme", "pump-1"), "").get(5, TimeUnit.SECONDS);
  }

  private JsonValue attribute(String pointer) {
    return twins
        .get("acme:pump-1")
        .flatMap(t -> t.getAttributes())
        .flatMap(a -> a.getValue(JsonPointer.of(pointer)))
        .orElse(null);
  }

  @Test
  void creates_an_attribute_with_201_then_modifies_it_with_204(VertxTestContext tc) {
    expect(
        tc,
        client
            .put(PART_OF)
            .sendBuffer(Buffer.buffer("\"acme:chiller-1\""))
            .compose(
                created ->
                    client
                        .put(PART_OF)
                        .sendBuffer(Buffer.buffer("\"acme:chiller-2\""))
                        .map(modified -> List.of(created, modified))),
        r -> {
          assertThat(r.get(0).statusCode()).isEqualTo(201);
          assertThat(r.get(0).getHeader("Location")).isEqualTo(PART_OF);
          assertThat(r.get(0).bodyAsString()).isEqualTo("\"acme:chiller-1\"");
          assertThat(r.get(1).statusCode()).isEqualTo(204);
          assertThat(attribute("/relations/partOf").asString()).isEqualTo("acme:chiller-2");
        });
  }

  @Test
  void stores_any_json_value_and_reads_it_back(VertxTestContext tc) {
    JsonObject location = new JsonObject().put("building", "B").put("floor", 2);
    expect(
        tc,
        client
            .put("/api/2/things/acme:pump-1/attributes/location")
            .sendJsonObject(location)
            .compose(
                v -> client.get("/api/2/things/acme:pump-1/attributes/location/building").send()),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsString()).isEqualTo("\"B\"");
          assertThat(attribute("/location/floor").asInt()).isEqualTo(2);
        });
  }

  @Test
  void deletes_an_attribute_then_answers_404_for_it(VertxTestContext tc) {
    expect(
        tc,
        client
            .put(PART_OF)
            .sendBuffer(Buffer.buffer("\"acme:chiller-1\""))
            .compose(v -> client.delete(PART_OF).send())
            .compose(
                deleted -> client.delete(PART_OF).send().map(again -> List.of(deleted, again))),
        r -> {
          assertThat(r.get(0).statusCode()).isEqualTo(204);
          assertThat(attribute("/relations/partOf")).isNull();
          assertThat(dittoError(r.get(1).bodyAsJsonObject(), 404))
              .isEqualTo("things:attribute.notfound");
        });
  }

  @Test
  void answers_404_for_an_attribute_of_an_unknown_thing(VertxTestContext tc) {
    expect(
        tc,
        client
            .put("/api/2/things/acme:ghost/attributes/relations/partOf")
            .sendBuffer(Buffer.buffer("\"acme:chiller-1\"")),
        r -> {
          assertThat(dittoError(r.bodyAsJsonObject(), 404)).isEqualTo("things:thing.notfound");
          assertThat(twins.get("acme:ghost")).isEmpty();
        });
  }

  @Test
  void rejects_malformed_json_without_changing_the_twin(VertxTestContext tc) {
    expect(
        tc,
        client.put(PART_OF).sendBuffer(Buffer.buffer("{\"broken\": ")),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(dittoError(r.bodyAsJsonObject(), 400)).startsWith("json.");
          assertThat(attribute("/relations/partOf")).isNull();
        });
  }

  @Test
  void rejects_an_empty_body(VertxTestContext tc) {
    expect(
        tc,
        client.put(PART_OF).send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("api:request.invalid"));
  }

  @Test
  void rejects_an_invalid_thing_id(VertxTestContext tc) {
    expect(
        tc,
        client.put("/api/2/things/bad/attributes/x").sendBuffer(Buffer.buffer("1")),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("things:id.invalid"));
  }
}
