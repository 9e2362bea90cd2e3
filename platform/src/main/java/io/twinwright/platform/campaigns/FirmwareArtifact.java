package io.twinwright.platform.campaigns;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A firmware image devices can be updated to.
 *
 * @param id the registry's id (defaults to the version)
 * @param version the version the image installs
 * @param url where devices download it (http or https)
 * @param sha256 the image's SHA-256, lower-case hex
 * @param size the image's size in bytes
 * @param models the Thing Models it is compatible with; empty for any
 */
public record FirmwareArtifact(
    String id, String version, String url, String sha256, long size, List<String> models) {
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  public FirmwareArtifact {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "artifact id must be 1-128 letters, digits, '.', '_', ':' or '-': " + id);
    }
    if (version == null || version.isBlank() || version.length() > 64) {
      throw new IllegalArgumentException("version must be 1-64 characters");
    }
    Objects.requireNonNull(url, "url");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("url is not a URI: " + url);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException("url must be an absolute http or https URL: " + url);
    }
    sha256 = Objects.requireNonNull(sha256, "sha256").toLowerCase(Locale.ROOT);
    if (!HEX64.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 hexadecimal digits");
    }
    if (size <= 0) {
      throw new IllegalArgumentException("size must be a positive number of bytes: " + size);
    }
    models = List.copyOf(models);
  }

  /** Whether a device of this Thing Model may install it. */
  public boolean compatibleWith(String model) {
    return models.isEmpty() || models.contains(model);
  }
}
