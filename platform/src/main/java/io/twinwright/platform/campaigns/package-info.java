/**
 * Firmware update campaigns: the artifact registry, campaign specifications, the service that owns
 * every campaign's state (waves, per-device status, persistence, rate limit, maintenance windows)
 * and carries out what the campaign rule pack decides, the device progress reports, and the port
 * through which update commands leave for the devices.
 */
package io.twinwright.platform.campaigns;
