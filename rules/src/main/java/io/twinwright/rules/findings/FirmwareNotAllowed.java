package io.twinwright.rules.findings;

import java.util.Map;

/**
 * A device reported firmware whose hash is not on its model's allow-list.
 *
 * @param thingId the device
 * @param modelId its model
 * @param version the version it reported
 * @param sha256 the hash it reported
 */
public record FirmwareNotAllowed(String thingId, String modelId, String version, String sha256)
    implements SecurityFinding {

  @Override
  public String code() {
    return "firmware-not-allowed";
  }

  @Override
  public String describe() {
    return "firmware " + version + " (sha256 " + sha256 + ") is not allowed for " + modelId;
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of("model", modelId, "version", version, "sha256", sha256);
  }
}
