package io.twinwright.platform.campaigns;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * What a campaign asks a device to do, sent as a Hono one-way command whose name is {@link #name()}
 * and whose payload is {@link #payload()}.
 *
 * <p>An update is {@code firmware.update} with {@code version}, {@code url}, {@code sha256}, {@code
 * size} and {@code campaign}. A rollback is {@code firmware.rollback}: devices usually keep the
 * previous image in a second slot and switch back without a download, so {@code version} names the
 * version to return to and the image fields are present only when that version is in the artifact
 * registry (a device without a second slot downloads it).
 *
 * @param kind update or rollback
 * @param campaign the campaign the command belongs to
 * @param version the version to install (for a rollback: to go back to; empty if unknown)
 * @param image the image to download, when known
 */
public record FirmwareCommand(
    Kind kind, String campaign, Optional<String> version, Optional<FirmwareArtifact> image) {

  /** Update or rollback. */
  public enum Kind {
    UPDATE("firmware.update"),
    ROLLBACK("firmware.rollback");

    private final String commandName;

    Kind(String commandName) {
      this.commandName = commandName;
    }

    /** The Hono command name of this kind. */
    public String commandName() {
      return commandName;
    }
  }

  public FirmwareCommand {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(campaign, "campaign");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(image, "image");
    if (kind == Kind.UPDATE && (image.isEmpty() || version.isEmpty())) {
      throw new IllegalArgumentException("an update needs the image and its version");
    }
  }

  public static FirmwareCommand update(String campaign, FirmwareArtifact artifact) {
    return new FirmwareCommand(
        Kind.UPDATE, campaign, Optional.of(artifact.version()), Optional.of(artifact));
  }

  public static FirmwareCommand rollback(
      String campaign, Optional<String> version, Optional<FirmwareArtifact> image) {
    return new FirmwareCommand(Kind.ROLLBACK, campaign, version, image);
  }

  /** The Hono command name. */
  public String name() {
    return kind.commandName;
  }

  /** The command's JSON payload. */
  public String payload() {
    JsonObject json = new JsonObject();
    version.ifPresent(v -> json.put("version", v));
    image.ifPresent(a -> json.put("url", a.url()).put("sha256", a.sha256()).put("size", a.size()));
    return json.put("campaign", campaign).encode();
  }
}
