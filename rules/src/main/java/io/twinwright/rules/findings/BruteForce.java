package io.twinwright.rules.findings;

/**
 * Too many authentication failures of one device within the policy window. It stays until the
 * device is released from quarantine, so one attack quarantines once.
 *
 * @param thingId the device
 * @param failures how many failures fell within the window
 * @param windowMillis the policy window
 * @param lastRemoteAddress where the last failed attempt came from
 * @param lastAtMillis when the last failed attempt happened
 */
public record BruteForce(
    String thingId,
    long failures,
    long windowMillis,
    String lastRemoteAddress,
    long lastAtMillis) {}
