package io.twinwright.api;

import io.twinwright.twin.TwinRepository;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** A store that keeps twins in a map: the API tests need a real twin service, not durability. */
final class InMemoryTwinRepository implements TwinRepository {
  private final Map<String, StoredTwin> twins = new ConcurrentHashMap<>();

  @Override
  public void loadAll(Consumer<StoredTwin> consumer) {
    twins.values().forEach(consumer);
  }

  @Override
  public void upsertAll(Collection<StoredTwin> batch) {
    batch.forEach(t -> twins.put(t.thingId(), t));
  }

  @Override
  public void delete(String thingId) {
    twins.remove(thingId);
  }

  /** The twin as stored, if it is. */
  java.util.Optional<StoredTwin> stored(String thingId) {
    return java.util.Optional.ofNullable(twins.get(thingId));
  }
}
