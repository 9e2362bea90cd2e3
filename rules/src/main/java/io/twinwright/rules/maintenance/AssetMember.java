package io.twinwright.rules.maintenance;

/**
 * A twin belongs to an asset (a machine, a room) together with other twins: their sensors of the
 * same property are neighbours and should agree. The platform derives it from the twin's {@code
 * attributes/asset}.
 *
 * @param thingId the twin
 * @param assetId the asset it is mounted on
 */
public record AssetMember(String thingId, String assetId) {
  public AssetMember {
    if (thingId == null || thingId.isBlank() || assetId == null || assetId.isBlank()) {
      throw new IllegalArgumentException("thingId and assetId must not be blank");
    }
  }
}
