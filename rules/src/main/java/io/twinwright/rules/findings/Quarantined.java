package io.twinwright.rules.findings;

/**
 * The security decision rule quarantined this device; it keeps the rule from quarantining again
 * until an operator releases the device.
 *
 * @param thingId the device
 * @param reason what the quarantine said
 */
public record Quarantined(String thingId, String reason) {}
