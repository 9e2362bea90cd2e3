package io.twinwright.rules.campaigns;

/** Where one device is in a campaign. */
public enum DeviceStatus {
  /** In a wave that has not started yet. */
  PENDING,
  /** In a started wave, waiting for the rules to issue or defer it. */
  READY,
  /**
   * Held back: outside the maintenance window or failing a precondition; retried when that changes.
   */
  DEFERRED,
  /** The rules issued it; waiting for the rate limit to send the command. */
  QUEUED,
  /** The update command was sent; the device has not reported yet. */
  ISSUED,
  DOWNLOADING,
  INSTALLING,
  /** The device reported the campaign's version installed. */
  INSTALLED,
  /** The device reported a failed update. */
  FAILED,
  /** The device refused the update (incompatible, bad signature). */
  REJECTED,
  /** The device stayed silent longer than the campaign's device timeout. */
  TIMED_OUT,
  /** The campaign was aborted before the device got the update. */
  CANCELLED,
  /** The campaign was aborted after the device installed the update; the rollback was sent. */
  ROLLING_BACK,
  /** The device is back on the version it ran before the campaign. */
  ROLLED_BACK;

  /** Selected for a started wave but not sent to the device yet. */
  public boolean waiting() {
    return this == READY || this == DEFERRED || this == QUEUED;
  }

  /** Sent to the device, which has not finished. */
  public boolean inFlight() {
    return this == ISSUED || this == DOWNLOADING || this == INSTALLING || this == ROLLING_BACK;
  }

  /** Counts against the error threshold. */
  public boolean error() {
    return this == FAILED || this == REJECTED || this == TIMED_OUT;
  }

  /** Nothing more will happen to the device in this campaign unless it is rolled back. */
  public boolean settled() {
    return !waiting() && !inFlight() && this != PENDING;
  }
}
