package io.twinwright.rules.findings;

/**
 * A device has not been seen for longer than its model allows; it ends when the device is seen.
 *
 * @param thingId the device
 * @param lastSeenMillis when it was last seen
 * @param allowedMillis how long it may stay silent (expected interval times the silence factor)
 */
public record DeviceSilent(String thingId, long lastSeenMillis, long allowedMillis) {}
