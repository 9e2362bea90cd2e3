package io.twinwright.twin;

import java.util.Collection;
import java.util.function.Consumer;

/** Where twins are kept durably. Called only from the twin service's writer thread and at start. */
public interface TwinRepository {

  /** A twin as stored: its Ditto JSON and the revision it has. */
  record StoredTwin(String thingId, long revision, String json) {
    public StoredTwin {
      java.util.Objects.requireNonNull(thingId, "thingId");
      java.util.Objects.requireNonNull(json, "json");
    }
  }

  /** Streams every stored twin to the consumer. */
  void loadAll(Consumer<StoredTwin> consumer);

  /** Inserts or replaces these twins; returns only once they are durable. */
  void upsertAll(Collection<StoredTwin> twins);

  /** Removes a twin; returns only once that is durable. */
  void delete(String thingId);
}
