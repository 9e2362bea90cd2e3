package io.twinwright.rules.findings;

/**
 * An alert the rules have raised and not yet cleared. It lets a decision rule notice that the
 * finding behind an alert has ended, and keeps an alert from being raised twice in one episode.
 *
 * @param thingId the device
 * @param code the alert code
 * @param sinceMillis when it was raised; for an alert restored after a restart, when it was
 *     restored (so evidence from before the restart does not clear it)
 * @param restored whether it was open before a restart rather than raised by this session
 */
public record RaisedAlert(String thingId, String code, long sinceMillis, boolean restored) {

  /** An alert a rule raised now (its time does not matter to the rules). */
  public RaisedAlert(String thingId, String code) {
    this(thingId, code, Long.MIN_VALUE, false);
  }
}
