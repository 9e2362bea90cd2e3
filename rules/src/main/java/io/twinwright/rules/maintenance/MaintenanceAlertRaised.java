package io.twinwright.rules.maintenance;

import io.twinwright.rules.Severity;

/**
 * The maintenance pack raised this alert at this severity and has not cleared it: it keeps an alert
 * from being raised twice in one episode and lets the pack clear it when its finding ends.
 */
public record MaintenanceAlertRaised(String thingId, String code, Severity severity) {}
