package io.twinwright.rules.campaigns;

/** Where a campaign is in its life. */
public enum CampaignStatus {
  /** Defined, not started: no device has been selected yet. */
  CREATED,
  /**
   * Started by an operator; its devices are being drawn into waves. Nothing is sent until it runs.
   */
  STARTING,
  /** Updating devices wave by wave. */
  RUNNING,
  /** Stopped issuing updates (by an operator or a rule); devices already updating carry on. */
  PAUSED,
  /** Every wave ran and every device of the campaign has settled. */
  COMPLETED,
  /** Stopped for good; devices already updated are rolled back if the policy says so. */
  ABORTED;

  /** Whether the campaign still changes devices (running or paused). */
  public boolean active() {
    return this == RUNNING || this == PAUSED;
  }
}
