package io.twinwright.platform.campaigns;

import io.twinwright.api.ApiException;
import io.twinwright.api.CampaignOperations;
import io.twinwright.rules.campaigns.DeviceStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The campaigns API's port, bound to the campaign service; maps its failures to API errors. */
public final class ApiCampaigns implements CampaignOperations {
  private final CampaignService service;

  public ApiCampaigns(CampaignService service) {
    this.service = service;
  }

  @Override
  public JsonObject addArtifact(JsonObject json) {
    return guarded(
        () -> {
          String version = text(json, "version");
          List<String> models = new ArrayList<>();
          Object m = json.getValue("models");
          if (m != null) {
            if (!(m instanceof JsonArray array)) {
              throw new IllegalArgumentException("models must be an array of Thing Model ids");
            }
            for (Object model : array) {
              if (!(model instanceof String s)) {
                throw new IllegalArgumentException("models must be strings");
              }
              models.add(s);
            }
          }
          Object size = json.getValue("size");
          if (!(size instanceof Number n) || n.doubleValue() != Math.floor(n.doubleValue())) {
            throw new IllegalArgumentException("size must be a whole number of bytes");
          }
          String id = json.getValue("id") == null ? version : text(json, "id");
          return artifact(
              service.addArtifact(
                  new FirmwareArtifact(
                      id,
                      version,
                      text(json, "url"),
                      text(json, "sha256"),
                      n.longValue(),
                      models)));
        });
  }

  @Override
  public JsonArray artifacts() {
    JsonArray all = new JsonArray();
    service.artifacts().forEach(a -> all.add(artifact(a)));
    return all;
  }

  @Override
  public Optional<JsonObject> artifact(String id) {
    return service.artifact(id).map(ApiCampaigns::artifact);
  }

  @Override
  public JsonObject create(JsonObject spec) {
    return guarded(
        () ->
            service
                .create(
                    CampaignSpec.fromJson(
                        spec, "c-" + UUID.randomUUID().toString().substring(0, 8)))
                .toJson());
  }

  @Override
  public JsonArray campaigns() {
    JsonArray all = new JsonArray();
    service.campaigns().forEach(c -> all.add(c.toJson()));
    return all;
  }

  @Override
  public Optional<JsonObject> campaign(String id) {
    return service.campaign(id).map(CampaignView::toJson);
  }

  @Override
  public Optional<JsonArray> devices(String id, Optional<String> status) {
    Optional<DeviceStatus> wanted =
        status.map(
            s -> {
              try {
                return DeviceStatus.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
              } catch (IllegalArgumentException e) {
                throw ApiException.invalid("Unknown device status '" + s + "'.");
              }
            });
    return service
        .devices(id, wanted)
        .map(
            list -> {
              JsonArray all = new JsonArray();
              for (StoredDevice d : list) {
                all.add(
                    new JsonObject()
                        .put("thingId", d.thingId())
                        .put("wave", d.wave() + 1)
                        .put("status", d.status().name().toLowerCase(Locale.ROOT))
                        .put("since", java.time.Instant.ofEpochMilli(d.sinceMillis()).toString())
                        .put("reason", d.reason())
                        .put("previousVersion", d.previousVersion()));
              }
              return all;
            });
  }

  @Override
  public JsonObject control(String id, String operation) {
    return guarded(
            () ->
                switch (operation) {
                  case "start" -> service.start(id);
                  case "pause" -> service.pause(id);
                  case "resume" -> service.resume(id);
                  case "abort" -> service.abort(id);
                  default -> throw new IllegalArgumentException("unknown operation " + operation);
                })
        .toJson();
  }

  @Override
  public JsonObject distribution() {
    CampaignService.Distribution d = service.distribution();
    JsonArray models = new JsonArray();
    d.versions()
        .forEach(
            (model, versions) -> {
              JsonObject counts = new JsonObject();
              versions.forEach((v, n) -> counts.put(v.isEmpty() ? "unknown" : v, n));
              models.add(
                  new JsonObject()
                      .put("model", model)
                      .put("devices", versions.values().stream().mapToInt(Integer::intValue).sum())
                      .put("versions", counts));
            });
    JsonArray inFlight = new JsonArray();
    d.inFlight()
        .forEach(
            c ->
                inFlight.add(
                    new JsonObject()
                        .put("id", c.spec().id())
                        .put("version", c.artifact().version())
                        .put("models", new JsonArray(c.artifact().models()))
                        .put("status", c.status().name().toLowerCase(Locale.ROOT))
                        .put("currentWave", c.currentWave() + 1)
                        .put("devices", c.size())
                        .put("installed", c.count("installed"))));
    return new JsonObject().put("models", models).put("campaignsInFlight", inFlight);
  }

  @Override
  public AutoCloseable subscribe(Consumer<JsonObject> listener) {
    return service.subscribe(e -> listener.accept(e.toJson()));
  }

  private static JsonObject artifact(FirmwareArtifact a) {
    return new JsonObject()
        .put("id", a.id())
        .put("version", a.version())
        .put("url", a.url())
        .put("sha256", a.sha256())
        .put("size", a.size())
        .put("models", new JsonArray(a.models()));
  }

  private static String text(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(key + " is required and must be a string");
    }
    return s;
  }

  private static <T> T guarded(Supplier<T> call) {
    try {
      return call.get();
    } catch (CampaignService.NotFoundException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (CampaignService.ConflictException e) {
      throw new ApiException(
          409,
          "campaigns:campaign.conflict",
          e.getMessage(),
          "Read the campaign's status and send a request its state allows.");
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          400,
          "campaigns:spec.invalid",
          e.getMessage(),
          "Correct the named field and send the request again.");
    }
  }
}
