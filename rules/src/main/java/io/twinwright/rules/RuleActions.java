package io.twinwright.rules;

/**
 * What the rules can make happen: the port the platform implements.
 *
 * <p>Methods are called from the rule partition threads, concurrently for devices in different
 * partitions, so implementations must be thread-safe. They should hand work off quickly rather than
 * block: a slow action delays every device of its partition. The engine passes every call through
 * one decorator that drops exact repeats (the same action with the same key while the previous one
 * is still in effect) and records an {@link AuditEntry}; implementations should still tolerate
 * repeats after a restart. An exception thrown here is logged, audited as failed and otherwise
 * ignored.
 *
 * <p>The actions added after the first three are default methods that do nothing, so a platform
 * that does not offer one yet still compiles. Releasing a device from quarantine is deliberately
 * absent: only an operator releases, through the platform's API, and tells the engine with {@link
 * RuleEngine#onQuarantineReleased(String)}.
 */
public interface RuleActions {

  /** Raises (or refreshes) the alert identified by the request's thing id and code. */
  void raiseAlert(AlertRequest request);

  /** Clears the active alert of this thing with this code, if there is one. */
  void clearAlert(String thingId, String code);

  /** Contains a device: disable its credentials, close its connections, mark its twin. */
  void quarantine(String thingId, String reason);

  /** Opens a maintenance work order (one per thing and code while it is open). */
  default void openWorkOrder(WorkOrderRequest request) {}

  /** Sends a command to a device (queued by the platform if the device is offline). */
  default void sendCommand(CommandRequest request) {}

  /** Sets desired properties of a feature of the device's twin. */
  default void setDesiredProperties(DesiredPropertiesRequest request) {}

  /** Pauses, resumes or aborts a firmware campaign. */
  default void campaignControl(CampaignControlRequest request) {}
}
