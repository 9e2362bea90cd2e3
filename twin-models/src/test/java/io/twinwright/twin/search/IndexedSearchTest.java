package io.twinwright.twin.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinCondition;
import io.twinwright.twin.TwinConfig;
import io.twinwright.twin.TwinPatch;
import io.twinwright.twin.TwinRepository;
import io.twinwright.twin.TwinService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The value index must never change a search's answer: every indexed search is compared with the
 * same filter tested against every twin, while twins keep changing (API writes, telemetry,
 * deletions) after the index was built.
 */
class IndexedSearchTest {
  private static final class NoStore implements TwinRepository {
    @Override
    public void loadAll(Consumer<StoredTwin> consumer) {}

    @Override
    public void upsertAll(Collection<StoredTwin> twins) {}

    @Override
    public void delete(String thingId) {}
  }

  private final TwinService twins =
      new TwinService(TwinConfig.defaults(), new NoStore(), Clock.systemUTC());
  private final Random random = new Random(42);

  @AfterEach
  void close() {
    twins.close();
  }

  private void write(int i) throws Exception {
    ThingId id = ThingId.of(i % 3 == 0 ? "other" : "acme", "t" + i);
    JsonValue kind =
        switch (random.nextInt(5)) {
          case 0 -> JsonFactory.newValue(random.nextInt(4));
          case 1 -> JsonFactory.newValue(random.nextInt(4) + 0.0);
          case 2 -> JsonFactory.newValue("k" + random.nextInt(4));
          case 3 -> JsonFactory.newArrayBuilder().add("k1").add(random.nextInt(4)).build();
          default -> JsonFactory.newObjectBuilder().set("nested", 1).build();
        };
    if (random.nextInt(6) == 0 && twins.get(id.toString()).isPresent()) {
      twins.delete(id, JsonPointer.empty(), TwinCondition.NONE).get();
      return;
    }
    if (twins.get(id.toString()).isEmpty()) {
      twins.put(id, JsonPointer.empty(), JsonFactory.newObject(), TwinCondition.NONE).get();
    }
    twins.put(id, JsonPointer.of("/attributes/kind"), kind, TwinCondition.NONE).get();
    twins.apply(
        new TwinPatch(
            DeviceId.ofThingId(id.toString()),
            List.of(new PropertyUpdate("level", "value", random.nextInt(3))),
            Instant.now()));
  }

  private Set<String> indexed(String filter) {
    List<Thing> found =
        twins
            .search(
                new SearchRequest(
                    RqlFilter.parse(filter), Set.of(), List.of(), 0, 10_000, Optional.empty()))
            .items();
    Set<String> ids = new HashSet<>();
    found.forEach(t -> ids.add(t.getEntityId().orElseThrow().toString()));
    return ids;
  }

  private Set<String> scanned(String filter) {
    RqlFilter f = RqlFilter.parse(filter);
    Set<String> ids = new HashSet<>();
    for (Thing t : twins.all()) {
      if (f.test(t)) {
        ids.add(t.getEntityId().orElseThrow().toString());
      }
    }
    return ids;
  }

  @Test
  void indexed_answers_equal_a_full_scan_while_twins_change() throws Exception {
    twins.start();
    String[] filters = {
      "eq(attributes/kind,2)",
      "eq(attributes/kind,2.0)",
      "eq(attributes/kind,\"k1\")",
      "in(attributes/kind,1,\"k2\",3)",
      "and(eq(attributes/kind,\"k1\"),eq(features/level/properties/value,1))",
      "or(eq(attributes/kind,0),eq(features/level/properties/value,2))",
      "eq(features/level/properties/value,0)",
      "in(thingId,\"acme:t1\",\"other:t3\",\"acme:nobody\")",
    };
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 150; i++) {
        write(random.nextInt(200));
      }
      for (String filter : filters) {
        assertThat(indexed(filter)).as(filter + " in round " + round).isEqualTo(scanned(filter));
      }
    }
    assertThat(twins.indexedPaths())
        .contains("/attributes/kind", "/features/level/properties/value");
  }

  @Test
  void deleted_twins_leave_the_index() throws Exception {
    twins.start();
    ThingId id = ThingId.of("acme", "gone");
    twins
        .put(id, JsonPointer.empty(), JsonFactory.newObject("{\"attributes\":{\"k\":1}}"), c -> {})
        .get();
    assertThat(indexed("eq(attributes/k,1)")).containsExactly("acme:gone");
    twins.delete(id, JsonPointer.empty(), TwinCondition.NONE).get();
    assertThat(indexed("eq(attributes/k,1)")).isEmpty();
  }

  @Test
  void pages_in_sort_order_continue_after_the_cursor_position() throws Exception {
    twins.start();
    for (int i = 0; i < 10; i++) {
      twins
          .put(
              ThingId.of("acme", "t" + i),
              JsonPointer.empty(),
              JsonFactory.newObject("{\"attributes\":{\"r\":" + (i % 3) + "}}"),
              c -> {})
          .get();
    }
    List<SortKey> sort = List.of(new SortKey(JsonPointer.of("/attributes/r"), false));
    List<String> seen = new ArrayList<>();
    Optional<List<JsonValue>> after = Optional.empty();
    do {
      SearchPage page =
          twins.search(new SearchRequest(RqlFilter.parse(""), Set.of(), sort, 0, 3, after));
      page.items().forEach(t -> seen.add(t.getEntityId().orElseThrow().toString()));
      after = page.next();
    } while (after.isPresent());
    assertThat(seen)
        .containsExactly(
            "acme:t2", "acme:t5", "acme:t8", "acme:t1", "acme:t4", "acme:t7", "acme:t0", "acme:t3",
            "acme:t6", "acme:t9");
  }

  @Test
  void id_ordered_pages_of_an_indexed_filter_walk_every_match_once() throws Exception {
    twins.start();
    for (int i = 0; i < 60; i++) {
      twins
          .put(
              ThingId.of(i % 4 == 0 ? "other" : "acme", String.format("t%02d", i)),
              JsonPointer.empty(),
              JsonFactory.newObject("{\"attributes\":{\"b\":\"b" + (i % 3) + "\"}}"),
              c -> {})
          .get();
    }
    RqlFilter filter = RqlFilter.parse("eq(attributes/b,\"b1\")");
    List<String> expected = new ArrayList<>();
    for (Thing t : twins.all()) {
      String id = t.getEntityId().orElseThrow().toString();
      if (id.startsWith("acme:") && filter.test(t)) {
        expected.add(id);
      }
    }
    expected.sort(null);
    List<String> seen = new ArrayList<>();
    Optional<List<JsonValue>> after = Optional.empty();
    do {
      SearchPage page =
          twins.search(new SearchRequest(filter, Set.of("acme"), List.of(), 0, 4, after));
      assertThat(page.items()).hasSizeLessThanOrEqualTo(4);
      page.items().forEach(t -> seen.add(t.getEntityId().orElseThrow().toString()));
      after = page.next();
    } while (after.isPresent());
    assertThat(seen).isNotEmpty().isEqualTo(expected);
    SearchPage second =
        twins.search(new SearchRequest(filter, Set.of(), List.of(), 3, 2, Optional.empty()));
    List<String> all = new ArrayList<>(scanned("eq(attributes/b,\"b1\")"));
    all.sort(null);
    assertThat(second.items())
        .extracting(t -> t.getEntityId().orElseThrow().toString())
        .containsExactlyElementsOf(all.subList(3, 5));
  }

  @Test
  void a_repeated_filter_is_parsed_once_and_a_bad_one_is_still_refused() {
    String text = "eq(attributes/building,\"b42\")";
    assertThat(RqlFilter.parse(text)).isSameAs(RqlFilter.parse(text));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RqlFilter.parse("eq(attributes/x"))
        .isInstanceOf(io.twinwright.twin.InvalidQueryException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RqlFilter.parse("eq(attributes/x"))
        .isInstanceOf(io.twinwright.twin.InvalidQueryException.class);
  }
}
