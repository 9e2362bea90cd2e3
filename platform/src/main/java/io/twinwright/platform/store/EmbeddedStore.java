package io.twinwright.platform.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.twinwright.twin.TwinRepository;
import io.twinwright.twin.store.MongoTwinRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's MongoDB: either a real deployment given by URI, or an in-process server speaking
 * the MongoDB wire protocol over a file-backed H2 MVStore under the data directory. Everything
 * talks to it through the official MongoDB Java driver, so the code is the same in both cases.
 *
 * <p>The embedded store's MVStore commits only when asked: {@link #commit()} is the durability
 * barrier the write paths call after each bulk write, and only then are devices acknowledged.
 */
public final class EmbeddedStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

  private final MongoServer server;
  private final MVStore mvStore;
  private final MongoClient client;
  private final MongoDatabase database;
  private final Object commitLock = new Object();
  private final ScheduledExecutorService maintenance =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "store-maintenance");
            t.setDaemon(true);
            return t;
          });

  private EmbeddedStore(MongoServer server, MVStore mvStore, MongoClient client, String db) {
    this.server = server;
    this.mvStore = mvStore;
    this.client = client;
    this.database = client.getDatabase(db);
    if (mvStore != null) {
      // with auto-commit off the MVStore never compacts by itself: every commit writes new pages
      // and the file would only grow; rewrite sparse chunks regularly so their space is reused
      maintenance.scheduleWithFixedDelay(this::compact, 30, 30, TimeUnit.SECONDS);
    }
  }

  private void compact() {
    try {
      synchronized (commitLock) {
        mvStore.compact(60, 16 * 1024 * 1024);
      }
    } catch (RuntimeException e) {
      LOG.warn("store compaction failed: {}", e.toString());
    }
  }

  /** Opens the store: the given MongoDB URI, else the embedded server over {@code dataDir}. */
  public static EmbeddedStore open(Path dataDir, Optional<String> mongoUri) {
    if (mongoUri.isPresent()) {
      ConnectionString cs = new ConnectionString(mongoUri.get());
      MongoClient client =
          MongoClients.create(
              MongoClientSettings.builder()
                  .applyConnectionString(cs)
                  .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                  .build());
      String db = cs.getDatabase() != null ? cs.getDatabase() : "twinwright";
      LOG.info("using MongoDB at {}", cs.getHosts());
      return new EmbeddedStore(null, null, client, db);
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dataDir, e);
    }
    Path file = dataDir.resolve("twinwright.mv.db");
    MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    MongoServer server = new MongoServer(new H2Backend(store));
    server.bind("127.0.0.1", 0);
    var address = server.getLocalAddress();
    MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(
                    new ConnectionString(
                        "mongodb://" + address.getHostString() + ":" + address.getPort()))
                .applyToConnectionPoolSettings(p -> p.maxSize(16))
                .applyToSocketSettings(s -> s.readTimeout(60, TimeUnit.SECONDS))
                .build());
    LOG.info("embedded MongoDB-wire store on {} backed by {}", address, file);
    return new EmbeddedStore(server, store, client, "twinwright");
  }

  public MongoDatabase database() {
    return database;
  }

  /**
   * Where twins are kept: the {@code twins} collection of a real MongoDB, or a map of the embedded
   * store's file (see {@link MvStoreTwinRepository}). Twins an earlier version kept in the embedded
   * {@code twins} collection are moved into the map once, on the first start that finds the map
   * empty.
   */
  public TwinRepository twinRepository() {
    if (mvStore == null) {
      return new MongoTwinRepository(database, this::commit);
    }
    MvStoreTwinRepository mapped = new MvStoreTwinRepository(mvStore, this::commit);
    MongoCollection<Document> old = database.getCollection("twins");
    if (mapped.isEmpty() && old.estimatedDocumentCount() > 0) {
      List<TwinRepository.StoredTwin> moved = new ArrayList<>();
      new MongoTwinRepository(database, () -> {}).loadAll(moved::add);
      mapped.upsertAll(moved);
      old.drop();
      commit();
      LOG.info("moved {} twins from the twins collection into the store map", moved.size());
    }
    return mapped;
  }

  /** Makes every write that returned so far durable. A no-op for a real MongoDB. */
  public void commit() {
    if (mvStore != null) {
      synchronized (commitLock) {
        mvStore.commit();
      }
    }
  }

  public boolean embedded() {
    return server != null;
  }

  @Override
  public void close() {
    maintenance.shutdownNow();
    client.close();
    if (server != null) {
      commit();
      server.shutdownNow();
      if (!mvStore.isClosed()) {
        mvStore.close();
      }
    }
  }
}
