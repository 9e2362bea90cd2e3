package io.twinwright.rules.campaigns;

import java.util.Objects;

/**
 * The counts of one started wave.
 *
 * @param campaignId the campaign
 * @param wave the wave's index
 * @param size devices in the wave (late joiners included)
 * @param succeeded devices that installed the update (including those rolled back afterwards)
 * @param failed devices that reported a failure
 * @param rejected devices that refused the update
 * @param timedOut devices that stayed silent too long
 * @param waiting devices not sent yet (ready, deferred, queued)
 * @param inFlight devices sent the update that have not finished
 * @param acknowledgedErrors errors an operator accepted by resuming the campaign after the rules
 *     paused it; only errors beyond these count again
 */
public record WaveProgress(
    String campaignId,
    int wave,
    int size,
    int succeeded,
    int failed,
    int rejected,
    int timedOut,
    int waiting,
    int inFlight,
    int acknowledgedErrors) {
  public WaveProgress {
    Objects.requireNonNull(campaignId, "campaignId");
  }

  /** Devices that finished, successfully or not. */
  public int executed() {
    return succeeded + errors();
  }

  /** Devices that count against the error threshold. */
  public int errors() {
    return failed + rejected + timedOut;
  }

  /** Whether the share of succeeded devices reaches {@code percent} of the wave. */
  public boolean successReached(double percent) {
    return succeeded * 100.0 >= percent * size;
  }

  /**
   * Whether more than {@code percent} of the finished devices are errors, once at least {@code
   * minExecuted} finished, counting only errors beyond those an operator acknowledged.
   */
  public boolean errorsExceed(double percent, int minExecuted) {
    return executed() >= minExecuted
        && errors() > acknowledgedErrors
        && errors() * 100.0 > percent * executed();
  }
}
