package io.twinwright.rules.facts;

/**
 * One high alarm of one model, derived by the engine from {@link ModelLimits} so that rules join on
 * (model, feature) instead of looking into maps.
 *
 * @param modelId the model
 * @param featureId the feature whose {@code value} property is limited
 * @param threshold values above this raise the alarm
 * @param hysteresis the alarm clears once the value falls below {@code threshold - hysteresis}
 */
public record HighAlarm(String modelId, String featureId, double threshold, double hysteresis) {}
