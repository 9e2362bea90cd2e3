package io.twinwright.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Firmware artifacts and campaigns, bound by the platform to its campaign service. Documents go in
 * and out as JSON in the shape the routes serve; an implementation fails with {@link ApiException}
 * (400 for an invalid specification, 404 for an unknown id, 409 for a request the campaign's state
 * does not allow). Called on the API's worker pool, so an implementation may block.
 */
public interface CampaignOperations {

  /** Registers an artifact ({@code version, url, sha256, size, models}, optional {@code id}). */
  JsonObject addArtifact(JsonObject artifact);

  JsonArray artifacts();

  Optional<JsonObject> artifact(String id);

  /** Defines a campaign from its specification; it does nothing until started. */
  JsonObject create(JsonObject spec);

  JsonArray campaigns();

  Optional<JsonObject> campaign(String id);

  /**
   * The campaign's devices with their status.
   *
   * @param status only devices in this status (lower-case name)
   * @return empty if there is no such campaign
   */
  Optional<JsonArray> devices(String id, Optional<String> status);

  /**
   * Starts, pauses, resumes or aborts a campaign. Each returns once the request is durable; a start
   * returns before the devices are drawn into waves, with the campaign usually {@code starting} (it
   * turns {@code running} when the draw is done, or {@code created} again if the draw fails).
   *
   * @param operation {@code start}, {@code pause}, {@code resume} or {@code abort}
   * @return the campaign afterwards
   */
  JsonObject control(String id, String operation);

  /** The fleet's firmware versions per Thing Model, with the campaigns in flight. */
  JsonObject distribution();

  /** Subscribes to campaign events (JSON objects with a {@code campaign} member). */
  AutoCloseable subscribe(Consumer<JsonObject> listener);
}
