package io.twinwright.rules.maintenance;

/** The maintenance pack opened this work order in the current episode of its finding. */
public record WorkOrderOpened(String thingId, String code) {}
