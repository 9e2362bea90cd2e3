package io.twinwright.rules.facts;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The firmware images devices of one Thing Model may run, by SHA-256. A model without an allow-list
 * is not checked.
 *
 * @param modelId the model, as twins carry it in their {@code definition}
 * @param sha256 allowed image hashes, lower-case hex (normalised here)
 */
public record FirmwareAllowList(String modelId, Set<String> sha256) {
  public FirmwareAllowList {
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("modelId must not be blank");
    }
    sha256 =
        sha256.stream()
            .map(hash -> hash.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
  }

  public boolean allows(String hash) {
    return sha256.contains(hash.toLowerCase(Locale.ROOT));
  }
}
