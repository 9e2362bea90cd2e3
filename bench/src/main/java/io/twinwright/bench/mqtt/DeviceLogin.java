package io.twinwright.bench.mqtt;

import java.util.Objects;

/**
 * How one simulated device identifies itself.
 *
 * @param deviceId the device id, also used as MQTT client identifier
 * @param thingId the twin the platform keeps for the device
 * @param username {@code auth-id@tenant}
 * @param password the device's password
 */
public record DeviceLogin(String deviceId, String thingId, String username, String password) {
  public DeviceLogin {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "DeviceLogin[" + deviceId + ", " + username + "]";
  }
}
