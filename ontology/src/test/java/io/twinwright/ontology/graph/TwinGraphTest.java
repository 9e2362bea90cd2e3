package io.twinwright.ontology.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinwright.ontology.graph.TwinSnapshot.Relations;
import io.twinwright.ontology.graph.TwinSnapshot.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwinGraphTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final String PREFIXES =
      """
      PREFIX tw:   <https://twinwright.io/ns#>
      PREFIX sosa: <http://www.w3.org/ns/sosa/>
      PREFIX saref: <https://saref.etsi.org/core/>
      PREFIX qudt: <http://qudt.org/schema/qudt/>
      PREFIX unit: <http://qudt.org/vocab/unit/>
      PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
      """;

  private TwinGraph graph;

  private static TwinSnapshot twin(
      String id, String type, Relations relations, String security, Value... values) {
    return new TwinSnapshot(
        id,
        id.substring(0, id.indexOf(':')),
        "m:" + type,
        type,
        List.of(values),
        relations,
        security,
        NOW);
  }

  private static Value temperature(double celsius) {
    return new Value("temperature", "value", "tw:temperature", celsius, "unit:DEG_C");
  }

  private static Relations relations(String json) {
    try {
      return Relations.fromJson(JSON.readTree(json));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @BeforeEach
  void fleet() {
    graph = TwinGraph.withDefaults();
    // plant: two chillers in building B, one in building A; sensors on them; a pump feeding one
    graph.update(
        twin(
            "plant:chiller-1",
            "tw:Chiller",
            relations("{\"locatedIn\": \"building B\"}"),
            "normal"));
    graph.update(
        twin(
            "plant:chiller-2",
            "tw:Chiller",
            relations("{\"locatedIn\": \"building B\"}"),
            "normal"));
    graph.update(
        twin(
            "plant:chiller-3",
            "tw:Chiller",
            relations("{\"locatedIn\": \"building A\"}"),
            "normal"));
    graph.update(
        twin(
            "plant:temp-1",
            "tw:EnvironmentSensor",
            relations("{\"partOf\": \"plant:chiller-1\"}"),
            "normal",
            temperature(31.5)));
    graph.update(
        twin(
            "plant:temp-2",
            "tw:EnvironmentSensor",
            relations("{\"partOf\": [\"chiller-2\"]}"),
            "normal",
            temperature(24.0)));
    graph.update(
        twin(
            "plant:temp-3",
            "tw:EnvironmentSensor",
            relations("{\"partOf\": \"plant:chiller-3\"}"),
            "normal",
            temperature(35.0)));
    graph.update(
        twin(
            "plant:pump-1",
            "tw:Pump",
            relations(
                "{\"feeds\": \"plant:chiller-1\", \"hasSensor\": [\"plant:vib-1\"], \"locatedIn\": \"building B\"}"),
            "normal"));
    graph.update(
        twin("plant:pump-2", "tw:Pump", relations("{\"hasSensor\": \"plant:vib-2\"}"), "normal"));
    graph.update(
        twin(
            "plant:vib-1",
            "tw:VibrationSensor",
            Relations.NONE,
            "quarantined",
            new Value(
                "vibration", "velocity", "tw:vibrationVelocity", 4.2, "unit:MilliM-PER-SEC")));
    graph.update(twin("plant:vib-2", "tw:VibrationSensor", Relations.NONE, "normal"));
    // another tenant with a hot sensor on a chiller in a "building B" of its own
    graph.update(
        twin(
            "other:chiller-9",
            "tw:Chiller",
            relations("{\"locatedIn\": \"building B\"}"),
            "normal"));
    graph.update(
        twin(
            "other:temp-9",
            "tw:EnvironmentSensor",
            relations("{\"partOf\": \"other:chiller-9\"}"),
            "quarantined",
            temperature(40.0)));
  }

  private JsonNode select(String tenant, String where) throws Exception {
    SparqlResult result = graph.query(tenant, PREFIXES + where, Duration.ofSeconds(5), 100);
    return JSON.readTree(result.json());
  }

  private static List<String> column(JsonNode results, String var) {
    List<String> out = new ArrayList<>();
    results
        .path("results")
        .path("bindings")
        .forEach(b -> out.add(b.path(var).path("value").asText()));
    return out;
  }

  @Test
  void hot_temperature_sensors_on_chillers_in_building_b() throws Exception {
    JsonNode r =
        select(
            "plant",
            """
            SELECT ?id ?t WHERE {
              ?s a tw:EnvironmentSensor ; tw:partOf ?c ; tw:thingId ?id ; tw:temperature ?t .
              ?c a tw:Chiller ; tw:locatedIn/rdfs:label "building B" .
              FILTER(?t > 30)
            }
            """);
    assertThat(r.path("head").path("vars").toString()).isEqualTo("[\"id\",\"t\"]");
    assertThat(column(r, "id")).containsExactly("plant:temp-1");
    assertThat(column(r, "t")).containsExactly("31.5");
  }

  @Test
  void pumps_whose_vibration_sensor_is_quarantined() throws Exception {
    JsonNode r =
        select(
            "plant",
            """
            SELECT ?pump WHERE {
              ?p a tw:Pump ; tw:thingId ?pump ; tw:hasSensor ?s .
              ?s a tw:VibrationSensor ; tw:securityState "quarantined" .
            }
            """);
    assertThat(column(r, "pump")).containsExactly("plant:pump-1");
  }

  @Test
  void twins_are_typed_with_superclasses_and_as_saref_devices_and_sosa_platforms()
      throws Exception {
    JsonNode machines = select("plant", "SELECT ?id WHERE { ?m a tw:Machine ; tw:thingId ?id }");
    assertThat(column(machines, "id")).hasSize(5);
    JsonNode sensors =
        select(
            "plant",
            "SELECT ?id WHERE { ?s a sosa:Sensor ; a saref:Device ; a sosa:Platform ; tw:thingId ?id }");
    assertThat(column(sensors, "id")).hasSize(5);
    JsonNode hosted = select("plant", "SELECT ?id WHERE { ?p sosa:hosts ?s . ?s tw:thingId ?id }");
    assertThat(column(hosted, "id")).containsExactlyInAnyOrder("plant:vib-1", "plant:vib-2");
  }

  @Test
  void observations_carry_unit_feature_and_time() throws Exception {
    JsonNode r =
        select(
            "plant",
            """
            SELECT ?v ?unit ?f ?path ?time WHERE {
              ?twin tw:thingId "plant:vib-1" ; tw:observation ?o .
              ?o a sosa:Observation ; sosa:observedProperty tw:vibrationVelocity ;
                 sosa:hasSimpleResult ?v ; qudt:unit ?unit ; tw:featureId ?f ;
                 tw:propertyPath ?path ; sosa:resultTime ?time .
            }
            """);
    assertThat(column(r, "v")).containsExactly("4.2");
    assertThat(column(r, "unit")).containsExactly("http://qudt.org/vocab/unit/MilliM-PER-SEC");
    assertThat(column(r, "f")).containsExactly("vibration");
    assertThat(column(r, "path")).containsExactly("velocity");
    assertThat(column(r, "time")).containsExactly("2024-05-01T12:00:00Z");
  }

  @Test
  void update_replaces_only_that_twins_statements() throws Exception {
    long before = graph.statements("plant");
    graph.update(
        twin(
            "plant:temp-2",
            "tw:EnvironmentSensor",
            relations("{\"partOf\": \"plant:chiller-2\"}"),
            "normal",
            temperature(33.0)));
    assertThat(graph.statements("plant")).isEqualTo(before);
    JsonNode r =
        select(
            "plant",
            """
            SELECT ?id WHERE {
              ?s tw:partOf ?c ; tw:thingId ?id ; tw:temperature ?t .
              ?c tw:locatedIn/rdfs:label "building B" . FILTER(?t > 30)
            } ORDER BY ?id
            """);
    assertThat(column(r, "id")).containsExactly("plant:temp-1", "plant:temp-2");
    JsonNode old =
        select("plant", "SELECT ?t WHERE { ?s tw:thingId \"plant:temp-2\" ; tw:temperature ?t }");
    assertThat(column(old, "t")).containsExactly("33.0");
  }

  @Test
  void remove_deletes_the_twin_and_its_observations() throws Exception {
    long before = graph.statements("plant");
    graph.remove("plant:vib-1");
    graph.remove("plant:never-existed");
    assertThat(graph.statements("plant")).isLessThan(before);
    JsonNode r =
        select(
            "plant",
            "SELECT ?o WHERE { ?o a sosa:Observation ; sosa:observedProperty tw:vibrationVelocity }");
    assertThat(column(r, "o")).isEmpty();
    assertThat(graph.size()).isEqualTo(11);
  }

  @Test
  void a_tenant_sees_only_its_own_graph_even_when_naming_another() throws Exception {
    String other = TwinGraph.tenantGraphIri("other");
    assertThat(column(select("plant", "SELECT ?id WHERE { ?s tw:thingId ?id }"), "id"))
        .hasSize(10)
        .allMatch(id -> id.startsWith("plant:"));
    assertThat(
            column(
                select("plant", "SELECT ?id WHERE { GRAPH <" + other + "> { ?s tw:thingId ?id } }"),
                "id"))
        .isEmpty();
    assertThat(
            column(
                select("plant", "SELECT ?id FROM <" + other + "> WHERE { ?s tw:thingId ?id }"),
                "id"))
        .isEmpty();
    assertThat(
            column(
                select(
                    "plant",
                    "SELECT ?id FROM NAMED <"
                        + other
                        + "> WHERE { GRAPH ?g { ?s tw:thingId ?id } }"),
                "id"))
        .isEmpty();
    assertThat(
            column(
                select("plant", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s tw:thingId ?id } }"),
                "g"))
        .containsExactly(TwinGraph.tenantGraphIri("plant"));
    assertThat(column(select("other", "SELECT ?id WHERE { ?s tw:thingId ?id }"), "id"))
        .containsExactlyInAnyOrder("other:chiller-9", "other:temp-9");
    assertThat(column(select("nobody", "SELECT ?id WHERE { ?s tw:thingId ?id }"), "id")).isEmpty();
  }

  @Test
  void class_hierarchy_of_the_vocabulary_is_queryable() throws Exception {
    JsonNode r =
        select(
            "plant",
            """
            SELECT ?class (COUNT(?m) AS ?n) WHERE {
              ?m a ?class . ?class rdfs:subClassOf* tw:Machine .
            } GROUP BY ?class ORDER BY ?class
            """);
    assertThat(column(r, "class"))
        .containsExactly(
            "https://twinwright.io/ns#Chiller",
            "https://twinwright.io/ns#Machine",
            "https://twinwright.io/ns#Pump");
    assertThat(column(r, "n")).containsExactly("3", "5", "2");
  }

  @Test
  void ask_answers_a_boolean() throws Exception {
    SparqlResult yes =
        graph.query("plant", PREFIXES + "ASK { ?s tw:securityState \"quarantined\" }", null, 0);
    assertThat(JSON.readTree(yes.json()).path("boolean").asBoolean()).isTrue();
    SparqlResult no = graph.query("plant", PREFIXES + "ASK { ?s tw:temperature 40.0 }", null, 0);
    assertThat(JSON.readTree(no.json()).path("boolean").asBoolean()).isFalse();
  }

  @Test
  void results_are_truncated_at_the_row_limit() throws Exception {
    SparqlResult r =
        graph.query("plant", PREFIXES + "SELECT ?s WHERE { ?s tw:thingId ?id }", null, 3);
    assertThat(r.rows()).isEqualTo(3);
    assertThat(r.truncated()).isTrue();
    assertThat(JSON.readTree(r.json()).path("results").path("bindings")).hasSize(3);
    SparqlResult all =
        graph.query("plant", PREFIXES + "SELECT ?s WHERE { ?s tw:thingId ?id }", null, 10);
    assertThat(all.rows()).isEqualTo(10);
    assertThat(all.truncated()).isFalse();
    SparqlResult limited =
        graph.query("plant", PREFIXES + "SELECT ?s WHERE { ?s tw:thingId ?id } LIMIT 2", null, 5);
    assertThat(limited.rows()).isEqualTo(2);
    assertThat(limited.truncated()).isFalse();
  }

  @Test
  void update_construct_and_service_are_refused() {
    for (String q :
        List.of(
            "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "DELETE WHERE { ?s ?p ?o }",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "DESCRIBE <urn:a>",
            "SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }")) {
      SparqlException e =
          catchThrowableOfType(SparqlException.class, () -> graph.query("plant", q, null, 0));
      assertThat(e).as(q).isNotNull();
      assertThat(e.kind()).as(q).isEqualTo(SparqlException.Kind.FORBIDDEN);
    }
    assertThat(graph.statements("plant")).isPositive();
  }

  @Test
  void syntax_errors_carry_the_parsers_line_and_column() {
    SparqlException e =
        catchThrowableOfType(
            SparqlException.class,
            () -> graph.query("plant", "SELECT ?s\nWHERE { ?s ?p }", null, 0));
    assertThat(e.kind()).isEqualTo(SparqlException.Kind.SYNTAX);
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.column()).isPositive();
    assertThat(e.getMessage()).contains("line 2");
  }

  @Test
  void a_query_running_past_its_timeout_is_cancelled() {
    TwinGraph big = TwinGraph.withDefaults();
    for (int i = 0; i < 100; i++) {
      big.update(twin("t:s" + i, "tw:EnvironmentSensor", Relations.NONE, "normal", temperature(i)));
    }
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                big.query(
                    "t",
                    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                    Duration.ofMillis(200),
                    0))
        .isInstanceOfSatisfying(
            SparqlException.class,
            e -> assertThat(e.kind()).isEqualTo(SparqlException.Kind.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void queries_run_while_twins_are_updated() throws Exception {
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < 100; i++) {
                double t = (i % 2 == 0) ? 31.0 : 29.0;
                graph.update(
                    twin(
                        "plant:temp-2",
                        "tw:EnvironmentSensor",
                        relations("{\"partOf\": \"plant:chiller-2\"}"),
                        "normal",
                        temperature(t)));
              }
            });
    writer.start();
    int queries = 0;
    while (writer.isAlive() || queries < 5) {
      JsonNode r =
          select("plant", "SELECT ?t WHERE { ?s tw:thingId \"plant:temp-2\" ; tw:temperature ?t }");
      List<String> values = column(r, "t");
      // never a twin caught between its old and new statements
      if (values.size() != 1 || !List.of("31.0", "29.0", "24.0").contains(values.get(0))) {
        failures.add(values.toString());
      }
      queries++;
    }
    writer.join();
    assertThat(failures).isEmpty();
    assertThat(
            column(
                select(
                    "plant",
                    "SELECT ?t WHERE { ?s tw:thingId \"plant:temp-2\" ; tw:temperature ?t }"),
                "t"))
        .containsExactly("29.0");
  }

  @Test
  void relations_from_attributes_accept_strings_arrays_and_maps() {
    Relations r =
        relations(
            "{\"partOf\": \"a:b\", \"hasSensor\": [\"a:c\", \"a:d\", 3], \"colour\": \"red\"}");
    assertThat(r.partOf()).containsExactly("a:b");
    assertThat(r.hasSensor()).containsExactly("a:c", "a:d");
    assertThat(r.locatedIn()).isEmpty();
    assertThat(Relations.of(Map.of("feeds", List.of("a:x"), "locatedIn", "hall 3")).feeds())
        .containsExactly("a:x");
    assertThat(Relations.fromJson(null)).isEqualTo(Relations.NONE);
  }
}
