package io.twinwright.platform.campaigns;

import io.twinwright.rules.campaigns.CampaignStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A campaign's own state as it is stored (its devices are stored one by one).
 *
 * @param spec what was asked
 * @param status where it is
 * @param currentWave the wave being rolled out
 * @param acknowledgedErrors per wave, the errors an operator accepted by resuming
 * @param created when it was created
 * @param started when it was started, if it was
 * @param finished when it completed or was aborted, if it did
 * @param reason why it is in its status (who paused or aborted it and why), or empty
 */
public record StoredCampaign(
    CampaignSpec spec,
    CampaignStatus status,
    int currentWave,
    List<Integer> acknowledgedErrors,
    Instant created,
    Optional<Instant> started,
    Optional<Instant> finished,
    String reason) {
  public StoredCampaign {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
    acknowledgedErrors = List.copyOf(acknowledgedErrors);
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
    Objects.requireNonNull(reason, "reason");
  }
}
