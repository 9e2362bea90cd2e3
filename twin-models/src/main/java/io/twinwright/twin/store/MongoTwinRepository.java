package io.twinwright.twin.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.twinwright.twin.TwinRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * Twins in a MongoDB collection {@code twins}: one document per twin, keyed by thing id, holding
 * the revision and the Ditto thing JSON as a string field {@code json}.
 *
 * <p>The JSON is kept as text because the store is only ever read back whole, at start: a string is
 * decoded from BSON in one step and handed to Ditto's parser as is, where a nested document had to
 * be decoded field by field and rendered to JSON again (restart time grows with the fleet).
 * Documents written by earlier versions, with the thing as a nested document {@code thing}, are
 * still read.
 *
 * <p>{@code afterWrite} runs after every write returned; the embedded store uses it to commit its
 * file, a real MongoDB deployment passes a no-op and relies on the write concern.
 */
public final class MongoTwinRepository implements TwinRepository {
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
  private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);

  private final MongoCollection<Document> twins;
  private final Runnable afterWrite;

  public MongoTwinRepository(MongoDatabase database, Runnable afterWrite) {
    this.twins = database.getCollection("twins");
    this.afterWrite = afterWrite;
  }

  @Override
  public void loadAll(Consumer<StoredTwin> consumer) {
    // small batches keep each round trip well inside the driver's read timeout on a loaded host
    for (Document doc : twins.find().batchSize(1_000)) {
      Object json = doc.get("json");
      String text = json instanceof String s ? s : doc.get("thing", Document.class).toJson();
      consumer.accept(
          new StoredTwin(
              doc.getString("_id"), doc.get("revision", Number.class).longValue(), text));
    }
  }

  @Override
  public void upsertAll(Collection<StoredTwin> batch) {
    if (batch.isEmpty()) {
      return;
    }
    List<WriteModel<Document>> writes = new ArrayList<>(batch.size());
    for (StoredTwin twin : batch) {
      Document doc =
          new Document("_id", twin.thingId())
              .append("revision", twin.revision())
              .append("json", twin.json());
      writes.add(new ReplaceOneModel<>(Filters.eq("_id", twin.thingId()), doc, UPSERT));
    }
    twins.bulkWrite(writes, UNORDERED);
    afterWrite.run();
  }

  @Override
  public void delete(String thingId) {
    twins.deleteOne(Filters.eq("_id", thingId));
    afterWrite.run();
  }
}
