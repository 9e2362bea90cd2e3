package io.twinwright.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.twinwright.twin.search.RqlFilter;
import io.twinwright.twin.store.MongoTwinRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.Thing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwinServiceTest {
  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");

  private MongoServer server;
  private MongoClient client;
  private TwinService twins;
  private final AtomicInteger commits = new AtomicInteger();

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    client = MongoClients.create("mongodb://" + hostPort());
    twins = newService();
  }

  private String hostPort() {
    var address = server.bind();
    return address.getHostString() + ":" + address.getPort();
  }

  private TwinService newService() {
    var repo = new MongoTwinRepository(client.getDatabase("tw"), commits::incrementAndGet);
    var service = new TwinService(TwinConfig.defaults(), repo, Clock.systemUTC());
    service.start();
    return service;
  }

  @AfterEach
  void stop() {
    twins.close();
    client.close();
    server.shutdownNow();
  }

  private static TwinPatch patch(DeviceId device, String feature, Object value) {
    return new TwinPatch(
        device, List.of(new PropertyUpdate(feature, "value", value)), Instant.now());
  }

  @Test
  void applying_a_patch_creates_the_twin_in_ditto_shape_and_bumps_the_revision() throws Exception {
    twins.apply(patch(SENSOR, "temperature", 21.5)).get(5, TimeUnit.SECONDS);
    TwinEvent second = twins.apply(patch(SENSOR, "temperature", 22.0)).get(5, TimeUnit.SECONDS);

    Thing thing = twins.get("acme:sensor-1").orElseThrow();
    assertThat(thing.getEntityId().orElseThrow().toString()).isEqualTo("acme:sensor-1");
    assertThat(thing.getRevision().orElseThrow().toLong()).isEqualTo(2);
    assertThat(second.revision()).isEqualTo(2);
    assertThat(thing.toJson().getValue(JsonPointer.of("/features/temperature/properties/value")))
        .hasValueSatisfying(v -> assertThat(v.asDouble()).isEqualTo(22.0));
  }

  @Test
  void twins_survive_a_restart_on_the_same_store() throws Exception {
    twins.ensure(SENSOR, "io.twinwright:environment-sensor:1.0.0").get(5, TimeUnit.SECONDS);
    twins.apply(patch(SENSOR, "humidity", 40.5)).get(5, TimeUnit.SECONDS);
    twins.close();
    assertThat(commits.get()).isGreaterThan(0);

    twins = newService();

    Thing thing = twins.get("acme:sensor-1").orElseThrow();
    assertThat(thing.getDefinition().orElseThrow().toString())
        .isEqualTo("io.twinwright:environment-sensor:1.0.0");
    assertThat(thing.getRevision().orElseThrow().toLong()).isEqualTo(2);
    assertThat(thing.toJson().getValue(JsonPointer.of("/features/humidity/properties/value")))
        .hasValueSatisfying(v -> assertThat(v.asDouble()).isEqualTo(40.5));
  }

  @Test
  void twins_stored_as_nested_documents_by_earlier_versions_still_load() throws Exception {
    twins.close();
    var collection = client.getDatabase("tw").getCollection("twins");
    for (int i = 0; i < 2_500; i++) {
      String id = "legacy:t" + i;
      collection.insertOne(
          new org.bson.Document("_id", id)
              .append("revision", 3L)
              .append(
                  "thing",
                  org.bson.Document.parse(
                      "{\"thingId\":\""
                          + id
                          + "\",\"_revision\":3,\"attributes\":{\"i\":"
                          + i
                          + "}}")));
    }
    twins = newService();
    assertThat(twins.size()).isEqualTo(2_500);
    Thing last = twins.get("legacy:t2499").orElseThrow();
    assertThat(last.getRevision().orElseThrow().toLong()).isEqualTo(3);
    assertThat(last.getAttributes().orElseThrow().getValue("i").orElseThrow().asInt())
        .isEqualTo(2499);
    twins.apply(patch(DeviceId.of("legacy", "t7"), "temperature", 20.0)).get(5, TimeUnit.SECONDS);
    twins.close();
    twins = newService();
    Thing changed = twins.get("legacy:t7").orElseThrow();
    assertThat(changed.getRevision().orElseThrow().toLong()).isEqualTo(4);
    assertThat(changed.getAttributes().orElseThrow().getValue("i").orElseThrow().asInt())
        .isEqualTo(7);
  }

  @Test
  void every_acknowledged_change_is_durable_even_under_concurrent_load() throws Exception {
    List<CompletableFuture<TwinEvent>> acks = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      acks.add(twins.apply(patch(DeviceId.of("acme", "d" + (i % 50)), "counter", i)));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    twins.close();

    twins = newService();
    assertThat(twins.size()).isEqualTo(50);
    for (int i = 0; i < 50; i++) {
      int d = i;
      Thing thing = twins.get("acme:d" + d).orElseThrow();
      // device d received values d, d+50, ..., the last being 1950 + d
      assertThat(thing.getRevision().orElseThrow().toLong()).isEqualTo(40);
      assertThat(thing.toJson().getValue(JsonPointer.of("/features/counter/properties/value")))
          .hasValueSatisfying(v -> assertThat(v.asInt()).isEqualTo(1950 + d));
    }
  }

  @Test
  void subscribers_see_each_change_in_revision_order() throws Exception {
    List<Long> revisions = new CopyOnWriteArrayList<>();
    twins.subscribe(e -> revisions.add(e.revision()));
    for (int i = 0; i < 20; i++) {
      twins.apply(patch(SENSOR, "temperature", (double) i));
    }
    twins.apply(patch(SENSOR, "temperature", 99.0)).get(5, TimeUnit.SECONDS);
    assertThat(revisions).hasSize(21).isSorted();
  }

  @Test
  void rql_search_filters_by_property_and_namespace() throws Exception {
    twins.apply(patch(DeviceId.of("acme", "hot"), "temperature", 50.0)).get(5, TimeUnit.SECONDS);
    twins.apply(patch(DeviceId.of("acme", "cold"), "temperature", 5.0)).get(5, TimeUnit.SECONDS);
    twins.apply(patch(DeviceId.of("other", "hot"), "temperature", 60.0)).get(5, TimeUnit.SECONDS);

    RqlFilter hot = RqlFilter.parse("gt(features/temperature/properties/value,30)");
    assertThat(twins.search(hot, Set.of(), 10)).hasSize(2);
    assertThat(twins.search(hot, Set.of("acme"), 10))
        .extracting(t -> t.getEntityId().orElseThrow().toString())
        .containsExactly("acme:hot");
    assertThat(twins.count(RqlFilter.parse("like(thingId,\"acme:*\")"), Set.of())).isEqualTo(2);
  }

  @Test
  void invalid_rql_is_refused_with_a_reason() {
    assertThatThrownBy(() -> RqlFilter.parse("gt(features/temperature/properties/value"))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("RQL");
  }

  @Test
  void attributes_are_set_and_removed_with_an_event_naming_the_pointer() throws Exception {
    twins.ensure(SENSOR, "").get(5, TimeUnit.SECONDS);
    List<TwinEvent> events = new CopyOnWriteArrayList<>();
    twins.subscribe(events::add);
    twins
        .putAttribute(
            "acme:sensor-1",
            "/relations/partOf",
            Optional.of(org.eclipse.ditto.json.JsonValue.of("acme:chiller-1")))
        .orElseThrow()
        .get(5, TimeUnit.SECONDS);
    Thing thing = twins.get("acme:sensor-1").orElseThrow();
    assertThat(thing.getAttributes().orElseThrow().getValue("relations/partOf"))
        .hasValueSatisfying(v -> assertThat(v.asString()).isEqualTo("acme:chiller-1"));
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.attributePointers()).containsExactly("/relations/partOf");
              assertThat(e.attributesOnly()).isTrue();
            });

    twins
        .putAttribute("acme:sensor-1", "/relations/partOf", Optional.empty())
        .orElseThrow()
        .get(5, TimeUnit.SECONDS);
    assertThat(
            twins
                .get("acme:sensor-1")
                .orElseThrow()
                .getAttributes()
                .orElseThrow()
                .getValue("relations/partOf"))
        .isEmpty();
    assertThat(twins.putAttribute("acme:nobody", "/x", Optional.empty())).isEmpty();
  }

  @Test
  void application_writes_publish_lifecycle_events_and_a_deletion_survives_a_restart()
      throws Exception {
    List<TwinEvent> events = new CopyOnWriteArrayList<>();
    twins.subscribe(events::add);
    org.eclipse.ditto.things.model.ThingId id =
        org.eclipse.ditto.things.model.ThingId.of("acme", "pump-1");
    twins
        .put(
            id,
            JsonPointer.empty(),
            org.eclipse.ditto.json.JsonFactory.newObject("{\"attributes\":{\"a\":1,\"b\":2}}"),
            TwinCondition.NONE)
        .get(5, TimeUnit.SECONDS);
    TwinWrite merged =
        twins
            .merge(
                id,
                JsonPointer.of("/attributes"),
                org.eclipse.ditto.json.JsonFactory.newObject("{\"a\":null,\"c\":3}"),
                TwinCondition.NONE)
            .get(5, TimeUnit.SECONDS);
    assertThat(merged.after().orElseThrow().getAttributes().orElseThrow().toString())
        .isEqualTo("{\"b\":2,\"c\":3}");
    twins.delete(id, JsonPointer.empty(), TwinCondition.NONE).get(5, TimeUnit.SECONDS);

    assertThat(events)
        .extracting(TwinEvent::kind)
        .containsExactly(TwinEvent.Kind.CREATED, TwinEvent.Kind.MODIFIED, TwinEvent.Kind.DELETED);
    assertThat(events).extracting(TwinEvent::revision).containsExactly(1L, 2L, 3L);
    assertThat(events.get(1).attributePointers()).containsExactly("/a", "/b", "/c");
    assertThat(twins.get("acme:pump-1")).isEmpty();

    twins.close();
    twins = newService();
    assertThat(twins.get("acme:pump-1")).as("deleted in the store too").isEmpty();
  }

  @Test
  void a_failed_condition_leaves_the_twin_unchanged() throws Exception {
    twins.apply(patch(SENSOR, "temperature", 21.5)).get(5, TimeUnit.SECONDS);
    org.eclipse.ditto.things.model.ThingId id =
        org.eclipse.ditto.things.model.ThingId.of("acme", "sensor-1");
    assertThatThrownBy(
            () ->
                twins.put(
                    id,
                    JsonPointer.of("/attributes/x"),
                    org.eclipse.ditto.json.JsonFactory.newValue(1),
                    current -> {
                      throw new IllegalStateException("refused");
                    }))
        .hasMessage("refused");
    assertThat(twins.get("acme:sensor-1").orElseThrow().getRevision().orElseThrow().toLong())
        .isEqualTo(1);
    assertThatThrownBy(
            () ->
                twins.merge(
                    org.eclipse.ditto.things.model.ThingId.of("acme", "nobody"),
                    JsonPointer.empty(),
                    org.eclipse.ditto.json.JsonFactory.newObject(),
                    TwinCondition.NONE))
        .isInstanceOf(
            org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException
                .class);
  }
}
