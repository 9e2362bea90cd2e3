package io.twinwright.platform.campaigns;

import io.twinwright.rules.campaigns.CampaignStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A campaign as operators see it: its specification, where it is, and the counts of every wave.
 *
 * @param spec what was asked
 * @param artifact the image it installs
 * @param status where it is
 * @param currentWave the wave being rolled out (0-based)
 * @param reason why it is in its status
 * @param created when it was created
 * @param started when it was started
 * @param finished when it completed or was aborted
 * @param waves the counts of every wave
 */
public record CampaignView(
    CampaignSpec spec,
    FirmwareArtifact artifact,
    CampaignStatus status,
    int currentWave,
    String reason,
    Instant created,
    Optional<Instant> started,
    Optional<Instant> finished,
    List<Wave> waves) {

  public CampaignView {
    waves = List.copyOf(waves);
  }

  /**
   * One wave's counts.
   *
   * @param index 0-based
   * @param size its devices
   * @param succeeded devices that installed the update
   * @param errors devices that failed, refused or timed out
   * @param byStatus devices per status (lower-case status names; statuses with none left out)
   * @param successThreshold its success threshold, percent
   * @param errorThreshold its error threshold, percent
   * @param minExecuted devices that must finish before the error threshold counts
   */
  public record Wave(
      int index,
      int size,
      int succeeded,
      int errors,
      Map<String, Integer> byStatus,
      double successThreshold,
      double errorThreshold,
      int minExecuted) {
    public Wave {
      byStatus = Map.copyOf(byStatus);
    }
  }

  /** Total devices of the campaign. */
  public int size() {
    return waves.stream().mapToInt(Wave::size).sum();
  }

  /** Devices of the campaign in a status (lower-case name). */
  public int count(String status) {
    return waves.stream().mapToInt(w -> w.byStatus().getOrDefault(status, 0)).sum();
  }

  public JsonObject toJson() {
    JsonArray w = new JsonArray();
    for (Wave wave : waves) {
      w.add(
          new JsonObject()
              .put("wave", wave.index() + 1)
              .put("size", wave.size())
              .put("succeeded", wave.succeeded())
              .put("errors", wave.errors())
              .put("devices", new JsonObject(new java.util.TreeMap<>(wave.byStatus())))
              .put("successThreshold", wave.successThreshold())
              .put("errorThreshold", wave.errorThreshold())
              .put("minExecuted", wave.minExecuted()));
    }
    JsonObject json =
        new JsonObject()
            .put("id", spec.id())
            .put("name", spec.name())
            .put("status", status.name().toLowerCase(Locale.ROOT))
            .put("reason", reason)
            .put("artifact", artifact.id())
            .put("version", artifact.version())
            .put("currentWave", currentWave + 1)
            .put("devices", size())
            .put("created", created.toString());
    started.ifPresent(s -> json.put("started", s.toString()));
    finished.ifPresent(f -> json.put("finished", f.toString()));
    return json.put("waves", w).put("spec", spec.toJson());
  }
}
