package io.twinwright.platform.store;

import io.twinwright.twin.TwinRepository;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twins in a map of the embedded store's own MVStore file, next to the MongoDB-wire collections:
 * thing id → {@code <revision> <Ditto thing JSON>}, both sides plain strings.
 *
 * <p>The twins are the one collection read back whole at every start, and going through the
 * embedded MongoDB server costs most of a restart: each document is Java-deserialized by the
 * server, encoded to BSON, sent over loopback and decoded again by the driver, one batch after the
 * other. Read here, a twin is a string read from a page of the file. Writes share the store's
 * commit barrier, so a twin is durable exactly when the other collections' writes of the same
 * commit are.
 */
final class MvStoreTwinRepository implements TwinRepository {
  static final String MAP_NAME = "store.twins";
  private static final Logger LOG = LoggerFactory.getLogger(MvStoreTwinRepository.class);

  private final MVMap<String, String> twins;
  private final Runnable commit;

  MvStoreTwinRepository(MVStore store, Runnable commit) {
    this.twins =
        store.openMap(
            MAP_NAME,
            new MVMap.Builder<String, String>()
                .keyType(StringDataType.INSTANCE)
                .valueType(StringDataType.INSTANCE));
    this.commit = commit;
  }

  boolean isEmpty() {
    return twins.isEmpty();
  }

  @Override
  public void loadAll(Consumer<StoredTwin> consumer) {
    for (Map.Entry<String, String> e : twins.entrySet()) {
      int space = e.getValue().indexOf(' ');
      if (space <= 0) {
        LOG.error("skipping stored twin {}: its entry has no revision", e.getKey());
        continue;
      }
      consumer.accept(
          new StoredTwin(
              e.getKey(),
              Long.parseLong(e.getValue(), 0, space, 10),
              e.getValue().substring(space + 1)));
    }
  }

  @Override
  public void upsertAll(Collection<StoredTwin> batch) {
    if (batch.isEmpty()) {
      return;
    }
    for (StoredTwin twin : batch) {
      twins.put(twin.thingId(), twin.revision() + " " + twin.json());
    }
    commit.run();
  }

  @Override
  public void delete(String thingId) {
    twins.remove(thingId);
    commit.run();
  }
}
