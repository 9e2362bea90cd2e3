package io.twinwright.twin;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.twin.search.RqlFilter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After a restart the service answers before every stored twin is parsed: whatever is read,
 * written, searched or listed in that time sees the stored state, as it would once loading is done.
 */
class TwinLoadingTest {
  private static final int FLEET = 30_000;

  /** Twins as a store keeps them; what the service writes back is kept too. */
  private static final class MemoryRepository implements TwinRepository {
    final Map<String, StoredTwin> rows = new ConcurrentHashMap<>();

    @Override
    public void loadAll(Consumer<StoredTwin> consumer) {
      rows.values().forEach(consumer);
    }

    @Override
    public void upsertAll(Collection<StoredTwin> twins) {
      twins.forEach(t -> rows.put(t.thingId(), t));
    }

    @Override
    public void delete(String thingId) {
      rows.remove(thingId);
    }
  }

  private final MemoryRepository repository = new MemoryRepository();
  private TwinService twins;

  private static String id(int i) {
    return String.format("fleet:t-%05d", i);
  }

  private void storeFleet() {
    for (int i = 0; i < FLEET; i++) {
      String json =
          "{\"thingId\":\""
              + id(i)
              + "\",\"policyId\":\""
              + id(i)
              + "\",\"attributes\":{\"group\":\"g"
              + (i % 10)
              + "\",\"serial\":"
              + i
              + "},\"_revision\":7,\"_created\":\"2026-01-02T03:04:05.123456789Z\","
              + "\"_modified\":\"2026-02-03T04:05:06Z\"}";
      repository.rows.put(id(i), new TwinRepository.StoredTwin(id(i), 7, json));
    }
  }

  private TwinService started() {
    twins = new TwinService(TwinConfig.defaults(), repository, Clock.systemUTC());
    twins.start();
    return twins;
  }

  @AfterEach
  void close() {
    if (twins != null) {
      twins.close();
    }
  }

  @Test
  void reads_and_writes_right_after_start_act_on_the_stored_twins() throws Exception {
    storeFleet();
    TwinService service = started();

    // the last ids are the least likely to be parsed yet
    Thing read = service.get(id(FLEET - 1)).orElseThrow();
    assertThat(read.getRevision().orElseThrow().toLong()).isEqualTo(7);
    assertThat(read.getCreated()).contains(Instant.parse("2026-01-02T03:04:05.123456789Z"));
    assertThat(read.getAttributes().orElseThrow().getValue("serial"))
        .contains(JsonFactory.newValue(FLEET - 1));

    // a merge on a stored twin changes it, it does not make a new one
    TwinWrite merged =
        service
            .merge(
                ThingId.of(id(FLEET - 2)),
                JsonPointer.of("/attributes"),
                JsonFactory.newObject("{\"room\":\"r1\"}"),
                TwinCondition.NONE)
            .get(10, TimeUnit.SECONDS);
    assertThat(merged.before()).isPresent();
    Thing after = merged.after().orElseThrow();
    assertThat(after.getRevision().orElseThrow().toLong()).isEqualTo(8);
    assertThat(after.getAttributes().orElseThrow().getValue("serial"))
        .contains(JsonFactory.newValue(FLEET - 2));
    assertThat(after.getCreated()).contains(Instant.parse("2026-01-02T03:04:05.123456789Z"));

    // a device reading on a stored twin keeps its attributes
    TwinEvent reading =
        service
            .apply(
                new TwinPatch(
                    DeviceId.ofThingId(id(FLEET - 3)),
                    List.of(new PropertyUpdate("temperature", "value", 21.5)),
                    Instant.now()))
            .get(10, TimeUnit.SECONDS);
    assertThat(reading.revision()).isEqualTo(8);
    assertThat(
            service
                .get(id(FLEET - 3))
                .orElseThrow()
                .getAttributes()
                .orElseThrow()
                .getValue("group"))
        .isPresent();

    // a deleted stored twin stays deleted when the background parsers come by
    service
        .delete(ThingId.of(id(FLEET - 4)), JsonPointer.empty(), TwinCondition.NONE)
        .get(10, TimeUnit.SECONDS);

    // the calls over the whole fleet see every twin
    assertThat(service.count(RqlFilter.parse("eq(attributes/group,\"g3\")"), Set.of()))
        .isEqualTo(FLEET / 10);
    List<Thing> all = new ArrayList<>(service.all());
    assertThat(all).hasSize(FLEET - 1);
    service.loaded().get(30, TimeUnit.SECONDS);
    assertThat(service.size()).isEqualTo(FLEET - 1);
    assertThat(service.get(id(FLEET - 4))).isEmpty();
    assertThat(service.get(id(FLEET - 2)).orElseThrow().getRevision().orElseThrow().toLong())
        .isEqualTo(8);
    assertThat(service.get(id(0)).orElseThrow().getRevision().orElseThrow().toLong()).isEqualTo(7);
    assertThat(repository.rows).doesNotContainKey(id(FLEET - 4));
  }

  @Test
  void an_unreadable_stored_twin_is_skipped_and_the_others_load() throws Exception {
    repository.rows.put(
        "fleet:ok", new TwinRepository.StoredTwin("fleet:ok", 1, "{\"thingId\":\"fleet:ok\"}"));
    repository.rows.put(
        "fleet:bad", new TwinRepository.StoredTwin("fleet:bad", 1, "{\"thingId\": 42, \"x\""));
    TwinService service = started();
    service.loaded().get(30, TimeUnit.SECONDS);

    assertThat(service.get("fleet:ok")).isPresent();
    assertThat(service.get("fleet:bad")).isEmpty();
    assertThat(service.size()).isEqualTo(1);
    assertThat(service.all()).hasSize(1);
  }

  @Test
  void a_service_started_on_an_empty_store_is_loaded_at_once() {
    TwinService service = started();
    assertThat(service.loaded()).isCompleted();
    assertThat(service.all()).isEmpty();
    assertThat(service.get("fleet:none")).isEqualTo(Optional.empty());
  }
}
