/**
 * The maintenance rule pack's facts: {@link io.twinwright.rules.maintenance.MaintenancePolicy}
 * (every parameter, per asset class) and {@link io.twinwright.rules.maintenance.AssetMember} (which
 * twins share an asset) come from the platform; the trackers ({@link
 * io.twinwright.rules.maintenance.SensorBaseline}, {@link
 * io.twinwright.rules.maintenance.BatteryTrend}, {@link
 * io.twinwright.rules.maintenance.HealthTrend}) are kept by the pack itself, one per sensor; the
 * findings ({@link io.twinwright.rules.maintenance.MaintenanceFinding}) explain the alerts and work
 * orders. {@link io.twinwright.rules.maintenance.ReplaySession} and {@link
 * io.twinwright.rules.maintenance.ReplayMain} replay recorded data through the pack. The rules
 * themselves are in {@code packs/maintenance.drl}; MAINTENANCE.md in the module describes them.
 */
package io.twinwright.rules.maintenance;
