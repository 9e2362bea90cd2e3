package io.twinwright.platform.campaigns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinwright.twin.PropertyUpdate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A device's firmware progress report: an event whose JSON payload is {@code {"firmware": {"state":
 * "...", "version": "...", "reason": "...", "sha256": "..."}}}. The {@code firmware} feature is
 * owned by the platform on every twin, whatever the vendor, so these reports bypass the vendor
 * profiles and become the feature's {@code state}, {@code version}, {@code reason} and {@code hash}
 * properties directly.
 */
public final class FirmwareProgress {
  /** The states a device may report. */
  public static final Set<String> STATES =
      Set.of("downloading", "installing", "installed", "failed", "rejected", "rolled-back");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] MARKER = "\"firmware\"".getBytes(StandardCharsets.UTF_8);

  private FirmwareProgress() {}

  /**
   * Reads a payload as a firmware report.
   *
   * @return empty when the payload is not one (no top-level {@code firmware} object): it goes to
   *     the vendor profile as usual
   * @throws IllegalArgumentException when it is a firmware report but an invalid one
   */
  public static Optional<List<PropertyUpdate>> parse(byte[] payload) {
    if (!contains(payload, MARKER)) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject() || !root.path("firmware").isObject()) {
      return Optional.empty();
    }
    JsonNode fw = root.get("firmware");
    JsonNode state = fw.path("state");
    if (!state.isTextual() || !STATES.contains(state.textValue())) {
      throw new IllegalArgumentException(
          "firmware report: state must be one of "
              + String.join(", ", STATES.stream().sorted().toList()));
    }
    List<PropertyUpdate> updates = new ArrayList<>(4);
    updates.add(new PropertyUpdate("firmware", "state", state.textValue()));
    text(fw, "version", 64)
        .ifPresent(v -> updates.add(new PropertyUpdate("firmware", "version", v)));
    text(fw, "sha256", 64).ifPresent(v -> updates.add(new PropertyUpdate("firmware", "hash", v)));
    // a reason is always written, so that a success clears the reason of an earlier failure
    updates.add(new PropertyUpdate("firmware", "reason", text(fw, "reason", 256).orElse("")));
    return Optional.of(updates);
  }

  private static Optional<String> text(JsonNode fw, String field, int max) {
    JsonNode node = fw.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual() || node.textValue().length() > max) {
      throw new IllegalArgumentException(
          "firmware report: " + field + " must be a string of at most " + max + " characters");
    }
    return Optional.of(node.textValue());
  }

  private static boolean contains(byte[] payload, byte[] marker) {
    outer:
    for (int i = 0; i <= payload.length - marker.length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (payload[i + j] != marker[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
