package io.twinwright.platform.campaigns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps everything in maps; survives nothing. */
final class MemoryCampaignStore implements CampaignStore {
  private final Map<String, FirmwareArtifact> artifacts = new LinkedHashMap<>();
  private final Map<String, StoredCampaign> campaigns = new LinkedHashMap<>();
  private final Map<String, StoredDevice> devices = new LinkedHashMap<>();

  @Override
  public synchronized List<FirmwareArtifact> loadArtifacts() {
    return new ArrayList<>(artifacts.values());
  }

  @Override
  public synchronized List<StoredCampaign> loadCampaigns() {
    return new ArrayList<>(campaigns.values());
  }

  @Override
  public synchronized List<StoredDevice> loadDevices() {
    return new ArrayList<>(devices.values());
  }

  @Override
  public synchronized void saveArtifact(FirmwareArtifact artifact) {
    artifacts.put(artifact.id(), artifact);
  }

  @Override
  public synchronized void save(
      Collection<StoredCampaign> campaigns, Collection<StoredDevice> devices) {
    campaigns.forEach(c -> this.campaigns.put(c.spec().id(), c));
    devices.forEach(d -> this.devices.put(d.campaignId() + '\u0000' + d.thingId(), d));
  }

  @Override
  public synchronized void insertDevices(List<StoredDevice> devices) {
    save(List.of(), devices);
  }

  @Override
  public synchronized void deleteDevices(String campaignId) {
    devices.values().removeIf(d -> d.campaignId().equals(campaignId));
  }
}
