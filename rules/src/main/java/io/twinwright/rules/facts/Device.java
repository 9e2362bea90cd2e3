package io.twinwright.rules.facts;

import java.util.Objects;

/**
 * A device the rules know: its model, when it was last seen and how busy it is. One per device,
 * kept updated.
 */
public final class Device {
  private final String thingId;
  private String modelId;
  private long lastSeenMillis;
  private int recentMessages;

  public Device(String thingId, String modelId, long lastSeenMillis) {
    this.thingId = Objects.requireNonNull(thingId, "thingId");
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.lastSeenMillis = lastSeenMillis;
  }

  public String getThingId() {
    return thingId;
  }

  /** The Thing Model reference, or empty if the twin has none. */
  public String getModelId() {
    return modelId;
  }

  public long getLastSeenMillis() {
    return lastSeenMillis;
  }

  /**
   * Records that the device was seen; out-of-order reports never move it back in time.
   *
   * @return whether the fact changed
   */
  public boolean seen(long atMillis) {
    if (atMillis <= lastSeenMillis) {
      return false;
    }
    lastSeenMillis = atMillis;
    return true;
  }

  /**
   * How many twin changes of this device fell within the security policy's message window ending at
   * its latest change, counted up to one more than the policy's limit (enough to compare with it).
   */
  public int getRecentMessages() {
    return recentMessages;
  }

  /**
   * @return whether the fact changed
   */
  public boolean recentMessages(int count) {
    if (recentMessages == count) {
      return false;
    }
    recentMessages = count;
    return true;
  }

  /**
   * @return whether the fact changed
   */
  public boolean assignModel(String newModelId) {
    if (modelId.equals(newModelId)) {
      return false;
    }
    modelId = Objects.requireNonNull(newModelId, "modelId");
    return true;
  }

  @Override
  public String toString() {
    return "Device[" + thingId + ", model=" + modelId + ", lastSeen=" + lastSeenMillis + "]";
  }
}
