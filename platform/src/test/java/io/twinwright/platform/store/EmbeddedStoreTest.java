package io.twinwright.platform.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.twin.TwinRepository;
import io.twinwright.twin.TwinRepository.StoredTwin;
import io.twinwright.twin.store.MongoTwinRepository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreTest {
  @TempDir Path dir;

  private static List<StoredTwin> loadAll(TwinRepository repository) {
    List<StoredTwin> all = new ArrayList<>();
    repository.loadAll(all::add);
    return all;
  }

  private static StoredTwin twin(int i, long revision) {
    String id = "acme:t" + i;
    return new StoredTwin(
        id, revision, "{\"thingId\":\"" + id + "\",\"attributes\":{\"note\":\"a b  c\"}}");
  }

  @Test
  void twins_written_to_the_embedded_store_are_read_back_after_reopening() {
    try (EmbeddedStore store = EmbeddedStore.open(dir, Optional.empty())) {
      TwinRepository twins = store.twinRepository();
      twins.upsertAll(List.of(twin(1, 1), twin(2, 1), twin(3, 1)));
      twins.upsertAll(List.of(twin(2, 7)));
      twins.delete("acme:t3");
    }
    try (EmbeddedStore store = EmbeddedStore.open(dir, Optional.empty())) {
      assertThat(loadAll(store.twinRepository())).containsExactly(twin(1, 1), twin(2, 7));
    }
  }

  @Test
  void twins_an_earlier_version_kept_in_the_collection_move_into_the_store_map_once() {
    try (EmbeddedStore store = EmbeddedStore.open(dir, Optional.empty())) {
      new MongoTwinRepository(store.database(), store::commit)
          .upsertAll(List.of(twin(1, 4), twin(2, 5)));
    }
    try (EmbeddedStore store = EmbeddedStore.open(dir, Optional.empty())) {
      assertThat(loadAll(store.twinRepository())).containsExactly(twin(1, 4), twin(2, 5));
      assertThat(store.database().getCollection("twins").countDocuments()).isZero();
      store.twinRepository().upsertAll(List.of(twin(1, 6)));
    }
    try (EmbeddedStore store = EmbeddedStore.open(dir, Optional.empty())) {
      assertThat(loadAll(store.twinRepository())).containsExactly(twin(1, 6), twin(2, 5));
    }
  }
}
