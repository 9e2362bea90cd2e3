package io.twinwright.platform.campaigns;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import io.twinwright.rules.campaigns.CampaignStatus;
import io.twinwright.rules.campaigns.DeviceStatus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * Campaigns in the platform's MongoDB: {@code firmware_artifacts}, {@code campaigns} (the
 * specification as a sub-document plus the state) and {@code campaign_devices} (one document per
 * campaign and device). Every write is a bulk upsert (a bulk insert for freshly drawn devices)
 * followed by the store's commit barrier.
 */
public final class MongoCampaignStore implements CampaignStore {
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
  private static final int BATCH = 2_000;

  private final MongoCollection<Document> artifacts;
  private final MongoCollection<Document> campaigns;
  private final MongoCollection<Document> devices;
  private final Runnable commit;

  /**
   * @param commit makes every write that returned durable (the embedded store's barrier)
   */
  public MongoCampaignStore(MongoDatabase database, Runnable commit) {
    this.artifacts = database.getCollection("firmware_artifacts");
    this.campaigns = database.getCollection("campaigns");
    this.devices = database.getCollection("campaign_devices");
    this.commit = commit;
  }

  @Override
  public List<FirmwareArtifact> loadArtifacts() {
    List<FirmwareArtifact> all = new ArrayList<>();
    for (Document d : artifacts.find()) {
      all.add(
          new FirmwareArtifact(
              d.getString("_id"),
              d.getString("version"),
              d.getString("url"),
              d.getString("sha256"),
              d.getLong("size"),
              d.getList("models", String.class)));
    }
    return all;
  }

  @Override
  public List<StoredCampaign> loadCampaigns() {
    List<StoredCampaign> all = new ArrayList<>();
    for (Document d : campaigns.find()) {
      Document spec = d.get("spec", Document.class);
      all.add(
          new StoredCampaign(
              CampaignSpec.fromJson(new JsonObject(spec.toJson()), d.getString("_id")),
              CampaignStatus.valueOf(d.getString("status")),
              d.getInteger("currentWave"),
              d.getList("acknowledgedErrors", Integer.class),
              d.getDate("created").toInstant(),
              Optional.ofNullable(d.getDate("started")).map(Date::toInstant),
              Optional.ofNullable(d.getDate("finished")).map(Date::toInstant),
              d.getString("reason")));
    }
    return all;
  }

  @Override
  public List<StoredDevice> loadDevices() {
    List<StoredDevice> all = new ArrayList<>();
    for (Document d : devices.find()) {
      all.add(
          new StoredDevice(
              d.getString("campaign"),
              d.getString("thing"),
              d.getString("model"),
              d.getInteger("wave"),
              DeviceStatus.valueOf(d.getString("status")),
              d.getLong("since"),
              d.getString("reason"),
              d.getString("previous")));
    }
    return all;
  }

  @Override
  public void saveArtifact(FirmwareArtifact a) {
    Document d =
        new Document("_id", a.id())
            .append("version", a.version())
            .append("url", a.url())
            .append("sha256", a.sha256())
            .append("size", a.size())
            .append("models", a.models());
    artifacts.replaceOne(Filters.eq("_id", a.id()), d, UPSERT);
    commit.run();
  }

  @Override
  public void save(Collection<StoredCampaign> changed, Collection<StoredDevice> changedDevices) {
    if (!changed.isEmpty()) {
      List<ReplaceOneModel<Document>> writes = new ArrayList<>(changed.size());
      for (StoredCampaign c : changed) {
        Document d =
            new Document("_id", c.spec().id())
                .append("spec", Document.parse(c.spec().toJson().encode()))
                .append("status", c.status().name())
                .append("currentWave", c.currentWave())
                .append("acknowledgedErrors", c.acknowledgedErrors())
                .append("created", Date.from(c.created()))
                .append("started", c.started().map(Date::from).orElse(null))
                .append("finished", c.finished().map(Date::from).orElse(null))
                .append("reason", c.reason());
        writes.add(new ReplaceOneModel<>(Filters.eq("_id", c.spec().id()), d, UPSERT));
      }
      campaigns.bulkWrite(writes);
    }
    List<ReplaceOneModel<Document>> writes =
        new ArrayList<>(Math.min(BATCH, changedDevices.size()));
    for (StoredDevice s : changedDevices) {
      Document d = document(s);
      writes.add(new ReplaceOneModel<>(Filters.eq("_id", d.getString("_id")), d, UPSERT));
      if (writes.size() == BATCH) {
        devices.bulkWrite(writes);
        writes.clear();
      }
    }
    if (!writes.isEmpty()) {
      devices.bulkWrite(writes);
    }
    commit.run();
  }

  @Override
  public void insertDevices(List<StoredDevice> drawn) {
    List<Document> docs = new ArrayList<>(Math.min(BATCH, drawn.size()));
    for (StoredDevice s : drawn) {
      docs.add(document(s));
      if (docs.size() == BATCH) {
        devices.insertMany(docs);
        docs.clear();
      }
    }
    if (!docs.isEmpty()) {
      devices.insertMany(docs);
    }
    commit.run();
  }

  @Override
  public void deleteDevices(String campaignId) {
    devices.deleteMany(Filters.eq("campaign", campaignId));
    commit.run();
  }

  private static Document document(StoredDevice s) {
    return new Document("_id", s.campaignId() + '|' + s.thingId())
        .append("campaign", s.campaignId())
        .append("thing", s.thingId())
        .append("model", s.model())
        .append("wave", s.wave())
        .append("status", s.status().name())
        .append("since", s.sinceMillis())
        .append("reason", s.reason())
        .append("previous", s.previousVersion());
  }
}
