package io.twinwright.platform.campaigns;

import java.util.Collection;
import java.util.List;

/**
 * Where campaigns, their devices and the artifact registry are kept. Writes return once durable:
 * the campaign service acknowledges an operator's request only after its write.
 */
public interface CampaignStore {

  List<FirmwareArtifact> loadArtifacts();

  List<StoredCampaign> loadCampaigns();

  /** Every stored device of every campaign. */
  List<StoredDevice> loadDevices();

  void saveArtifact(FirmwareArtifact artifact);

  /** Writes campaigns and devices (inserted or replaced) in bulk, then makes them durable. */
  void save(Collection<StoredCampaign> campaigns, Collection<StoredDevice> devices);

  /**
   * Inserts the rows of freshly drawn devices in bulk, then makes them durable. The rows must not
   * exist yet.
   */
  void insertDevices(List<StoredDevice> devices);

  /** Removes every device row of the campaign (a draw that will not run), durably. */
  void deleteDevices(String campaignId);

  /** A store in memory only, for benchmarks and tests that do not restart. */
  static CampaignStore inMemory() {
    return new MemoryCampaignStore();
  }
}
