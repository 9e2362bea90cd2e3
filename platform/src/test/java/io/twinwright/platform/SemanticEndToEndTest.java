package io.twinwright.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four vendors with different payloads (three JSON shapes and a binary layout) report the same
 * physical reading over MQTT; their twins must be identical, and the semantic graph built from them
 * through the real pipeline must answer SPARQL per tenant, and only for that tenant.
 */
class SemanticEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOT_CHILLER_SENSORS =
      """
      PREFIX tw:   <https://twinwright.io/ns#>
      PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
      SELECT ?sensor ?t WHERE {
        ?s tw:partOf ?c ; tw:thingId ?sensor ; tw:temperature ?t .
        ?c a tw:Chiller ; tw:locatedIn/rdfs:label "building B" .
        FILTER(?t > 30)
      } ORDER BY ?sensor
      """;

  @TempDir Path dataDir;
  private Platform platform;

  @BeforeEach
  void start() {
    platform = Platform.start(Fixtures.config(dataDir, Map.of()));
  }

  @AfterEach
  void stop() {
    platform.close();
  }

  private void publish(String device, String tenant, byte[] payload) {
    Mqtt3BlockingClient c =
        MqttClient.builder()
            .useMqttVersion3()
            .serverHost("127.0.0.1")
            .serverPort(platform.ports().mqtt())
            .buildBlocking();
    c.connectWith()
        .simpleAuth()
        .username(device + "@" + tenant)
        .password(("pw-" + device).getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send();
    c.publishWith().topic("event").qos(MqttQos.AT_LEAST_ONCE).payload(payload).send();
    c.disconnect();
  }

  private void relate(String thingId, String relationsJson) throws Exception {
    var r =
        Fixtures.http(
            platform, "PUT", "/api/2/things/" + thingId + "/attributes/relations", relationsJson);
    assertThat(r.statusCode()).as(r.body()).isIn(201, 204);
  }

  private JsonNode sparql(String tenant, String query) throws Exception {
    var r =
        Fixtures.http(
            platform,
            "GET",
            "/api/2/sparql/"
                + tenant
                + "?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8),
            null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> column(JsonNode results, String var) {
    List<String> values = new ArrayList<>();
    results.at("/results/bindings").forEach(b -> values.add(b.at("/" + var + "/value").asText()));
    return values;
  }

  @Test
  void four_vendors_give_identical_twins_and_the_graph_answers_per_tenant() throws Exception {
    var chiller =
        Fixtures.http(
            platform,
            "POST",
            "/v1/devices/plant/chiller-1",
            "{\"ext\":{\"model\":\"io.twinwright:chiller:1.0.0\"}}");
    assertThat(chiller.statusCode()).isEqualTo(201);
    relate("plant:chiller-1", "{\"locatedIn\":\"building B\"}");

    String[][] sensors = {
      {"acme-1", "acme-th100"},
      {"nordlys-1", "nordlys-ens2"},
      {"kelvinix-1", "kelvinix-k3"},
      {"brightwave-1", "brightwave-b1"}
    };
    for (String[] s : sensors) {
      Fixtures.provision(platform, "plant", s[0], s[1], "pw-" + s[0]);
      relate("plant:" + s[0], "{\"partOf\":\"plant:chiller-1\"}");
    }
    // 31.5 °C and 40.5 %RH, each in its vendor's own shape and unit
    publish("acme-1", "plant", "{\"temp_f\": 88.7, \"rh\": 40.5}".getBytes(StandardCharsets.UTF_8));
    publish(
        "nordlys-1",
        "plant",
        "{\"t\": 3150, \"env\": {\"hum\": 40.5}}".getBytes(StandardCharsets.UTF_8));
    publish(
        "kelvinix-1",
        "plant",
        "{\"readings\": [{\"k\": 304.65}], \"humidity_permille\": 405}"
            .getBytes(StandardCharsets.UTF_8));
    // int16 BE 315 (0.1 °C), uint8 81 (0.5 %), uint8 battery 93
    publish("brightwave-1", "plant", new byte[] {0x01, 0x3B, 81, 93});

    JsonNode reference = null;
    for (String[] s : sensors) {
      JsonNode thing =
          JSON.readTree(Fixtures.http(platform, "GET", "/api/2/things/plant:" + s[0], null).body());
      assertThat(thing.at("/features/temperature/properties/value").asDouble())
          .as(s[0])
          .isEqualTo(31.5);
      JsonNode canonical =
          JSON.createObjectNode().set("temperature", thing.at("/features/temperature"));
      ((com.fasterxml.jackson.databind.node.ObjectNode) canonical)
          .set("humidity", thing.at("/features/humidity"));
      if (reference == null) {
        reference = canonical;
      } else {
        assertThat(canonical.toString())
            .as("canonical features of " + s[0])
            .isEqualTo(reference.toString());
      }
    }

    // a sensor of another tenant on its own chiller in its own "building B"
    Fixtures.http(
        platform,
        "POST",
        "/v1/devices/other/chiller-9",
        "{\"ext\":{\"model\":\"io.twinwright:chiller:1.0.0\"}}");
    relate("other:chiller-9", "{\"locatedIn\":\"building B\"}");
    Fixtures.provision(platform, "other", "acme-9", "acme-th100", "pw-acme-9");
    relate("other:acme-9", "{\"partOf\":\"other:chiller-9\"}");
    publish("acme-9", "other", "{\"temp_f\": 100}".getBytes(StandardCharsets.UTF_8));

    platform.semantic().flush();

    assertThat(column(sparql("plant", HOT_CHILLER_SENSORS), "sensor"))
        .containsExactly(
            "plant:acme-1", "plant:brightwave-1", "plant:kelvinix-1", "plant:nordlys-1");
    assertThat(column(sparql("other", HOT_CHILLER_SENSORS), "sensor"))
        .containsExactly("other:acme-9");

    // naming the other tenant's graph does not leak it
    String sneaky =
        "SELECT ?id WHERE { GRAPH <https://twinwright.io/tenant/other> { ?s <https://twinwright.io/ns#thingId> ?id } }";
    assertThat(column(sparql("plant", sneaky), "id")).isEmpty();

    var unknown = Fixtures.http(platform, "GET", "/api/2/sparql/nobody?query=ASK%7B%7D", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    var update =
        Fixtures.http(
            platform,
            "GET",
            "/api/2/sparql/plant?query="
                + URLEncoder.encode("DELETE WHERE { ?s ?p ?o }", StandardCharsets.UTF_8),
            null);
    assertThat(update.statusCode()).isEqualTo(400);
  }
}
