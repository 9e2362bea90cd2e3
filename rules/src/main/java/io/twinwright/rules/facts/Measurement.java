package io.twinwright.rules.facts;

import java.util.Objects;

/**
 * The latest numeric value of one property of one device ({@code
 * features/<featureId>/properties/<path>}), with the device's model so rules can join it to the
 * model's limits directly. One per (device, feature, path), updated in place.
 */
public final class Measurement {
  private final String thingId;
  private final String featureId;
  private final String path;
  private String modelId;
  private double value;
  private long atMillis;

  public Measurement(
      String thingId, String modelId, String featureId, String path, double value, long atMillis) {
    this.thingId = Objects.requireNonNull(thingId, "thingId");
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.featureId = Objects.requireNonNull(featureId, "featureId");
    this.path = Objects.requireNonNull(path, "path");
    this.value = value;
    this.atMillis = atMillis;
  }

  public String getThingId() {
    return thingId;
  }

  public String getModelId() {
    return modelId;
  }

  public String getFeatureId() {
    return featureId;
  }

  public String getPath() {
    return path;
  }

  public double getValue() {
    return value;
  }

  /** When the twin took this value. */
  public long getAtMillis() {
    return atMillis;
  }

  public boolean is(String featureId, String path) {
    return this.featureId.equals(featureId) && this.path.equals(path);
  }

  public void set(double value, long atMillis) {
    this.value = value;
    this.atMillis = atMillis;
  }

  public void assignModel(String modelId) {
    this.modelId = Objects.requireNonNull(modelId, "modelId");
  }

  @Override
  public String toString() {
    return "Measurement[" + thingId + " " + featureId + "/" + path + "=" + value + "]";
  }
}
