package io.twinwright.rules.findings;

import java.util.Map;

/**
 * One credential is connected from two remote addresses at once: it has been copied.
 *
 * @param thingId the device the credential belongs to
 * @param authId the credential
 * @param firstAddress one address
 * @param secondAddress another address, connected at the same time
 */
public record CredentialShared(
    String thingId, String authId, String firstAddress, String secondAddress)
    implements SecurityFinding {

  @Override
  public String code() {
    return "credential-shared";
  }

  @Override
  public String describe() {
    return "credential " + authId + " connected from " + firstAddress + " and " + secondAddress;
  }

  @Override
  public Map<String, String> evidence() {
    return Map.of("authId", authId, "addresses", firstAddress + "," + secondAddress);
  }
}
