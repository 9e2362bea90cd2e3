package io.twinwright.platform;

/**
 * The platform's counters at one instant, for the demo's progress line and {@code /health}.
 *
 * @param connections live device connections (MQTT)
 * @param messagesAccepted device messages accepted by all adapters
 * @param messagesRejected device messages refused (bad topic, payload, size)
 * @param twinUpdates patches applied to twins since start
 * @param twins twins held
 * @param devices registered devices
 * @param rulesProcessed twin changes and events the rule sessions have processed
 * @param openAlerts alerts not cleared
 * @param quarantined devices in quarantine
 */
public record PlatformStats(
    int connections,
    long messagesAccepted,
    long messagesRejected,
    long twinUpdates,
    int twins,
    int devices,
    long rulesProcessed,
    int openAlerts,
    long quarantined) {}
