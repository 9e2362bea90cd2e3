package io.twinwright.rules;

/**
 * What the rules can make happen: the port the platform implements.
 *
 * <p>Methods are called from the rule partition threads, concurrently for devices in different
 * partitions, so implementations must be thread-safe. They should hand work off quickly rather than
 * block: a slow action delays every device of its partition. Rules call each action once per
 * episode, but implementations must still tolerate repeats (the platform deduplicates alerts by
 * thing and code). An exception thrown here is logged and otherwise ignored.
 */
public interface RuleActions {

  /** Raises (or refreshes) the alert identified by the request's thing id and code. */
  void raiseAlert(AlertRequest request);

  /** Clears the active alert of this thing with this code, if there is one. */
  void clearAlert(String thingId, String code);

  /** Contains a device: disable its credentials, close its connections, mark its twin. */
  void quarantine(String thingId, String reason);
}
