package io.twinwright.platform.policies;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.twinwright.api.PolicyStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bson.Document;
import org.eclipse.ditto.policies.model.PoliciesModelFactory;
import org.eclipse.ditto.policies.model.Policy;
import org.eclipse.ditto.policies.model.PolicyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies in the platform database: all loaded into memory at start (every API request reads
 * them), each change written through on one named thread, in order, and answered after the store's
 * commit barrier. A policy is kept as its Ditto JSON text, since its resource keys ({@code
 * thing:/a.b}) are not valid document field names.
 */
public final class MongoPolicyStore implements PolicyStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MongoPolicyStore.class);
  static final String COLLECTION = "policies";

  private final MongoCollection<Document> collection;
  private final Runnable commit;
  private final Map<PolicyId, Policy> policies = new ConcurrentHashMap<>();
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "twinwright-policy-writer");
            t.setDaemon(true);
            return t;
          });

  public MongoPolicyStore(MongoDatabase database, Runnable commit) {
    this.collection = database.getCollection(COLLECTION);
    this.commit = commit;
  }

  /** Loads every stored policy; a document that no longer parses is skipped and logged. */
  public void start() {
    for (Document d : collection.find()) {
      try {
        Policy p = PoliciesModelFactory.newPolicy(d.getString("json"));
        policies.put(p.getEntityId().orElseThrow(), p);
      } catch (RuntimeException e) {
        LOG.warn("stored policy {} skipped: {}", d.get("_id"), e.toString());
      }
    }
    LOG.info("loaded {} policies", policies.size());
  }

  @Override
  public Optional<Policy> get(PolicyId id) {
    return Optional.ofNullable(policies.get(id));
  }

  @Override
  public CompletableFuture<Void> put(Policy policy) {
    PolicyId id = policy.getEntityId().orElseThrow();
    return CompletableFuture.runAsync(
        () -> {
          collection.replaceOne(
              Filters.eq("_id", id.toString()),
              new Document("_id", id.toString()).append("json", policy.toJsonString()),
              new ReplaceOptions().upsert(true));
          commit.run();
          policies.put(id, policy);
        },
        writer);
  }

  @Override
  public CompletableFuture<Boolean> delete(PolicyId id) {
    return CompletableFuture.supplyAsync(
        () -> {
          boolean existed =
              collection.deleteOne(Filters.eq("_id", id.toString())).getDeletedCount() > 0;
          commit.run();
          policies.remove(id);
          return existed;
        },
        writer);
  }

  /** Finishes pending writes. */
  @Override
  public void close() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
        LOG.warn("policy writes still pending at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
