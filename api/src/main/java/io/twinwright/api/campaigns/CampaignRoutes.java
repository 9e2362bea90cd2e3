package io.twinwright.api.campaigns;

import io.twinwright.api.ApiException;
import io.twinwright.api.CampaignOperations;
import io.twinwright.api.http.Requests;
import io.twinwright.api.http.ServerSentEvents;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code /api/2/firmware/artifacts}, {@code /api/2/firmware/distribution} and {@code
 * /api/2/campaigns}: the registry, the campaigns with their waves and devices, the operator's
 * controls, and an event stream per campaign or for all of them.
 */
public final class CampaignRoutes {
  private static final String JSON = "application/json";
  private static final Set<String> OPERATIONS = Set.of("start", "pause", "resume", "abort");

  private final CampaignOperations campaigns;
  private final WorkerExecutor worker;
  private final ServerSentEvents<JsonObject> streams;

  public CampaignRoutes(
      CampaignOperations campaigns, WorkerExecutor worker, ServerSentEvents<JsonObject> streams) {
    this.campaigns = campaigns;
    this.worker = worker;
    this.streams = streams;
  }

  public void mount(Router router) {
    router.post("/api/2/firmware/artifacts").handler(this::addArtifact);
    router
        .get("/api/2/firmware/artifacts")
        .handler(ctx -> answer(ctx, 200, () -> campaigns.artifacts().encode()));
    router.get("/api/2/firmware/artifacts/:id").handler(this::artifact);
    router
        .get("/api/2/firmware/distribution")
        .handler(ctx -> answer(ctx, 200, () -> campaigns.distribution().encode()));
    router.post("/api/2/campaigns").handler(this::create);
    router.get("/api/2/campaigns").handler(this::list);
    router.get("/api/2/campaigns/events").handler(ctx -> events(ctx, Optional.empty()));
    router.get("/api/2/campaigns/:id").handler(this::campaign);
    router.get("/api/2/campaigns/:id/devices").handler(this::devices);
    router
        .get("/api/2/campaigns/:id/events")
        .handler(ctx -> events(ctx, Optional.of(ctx.pathParam("id"))));
    router.post("/api/2/campaigns/:id/:operation").handler(this::control);
  }

  private void addArtifact(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx, null);
    if (body == null) {
      throw ApiException.invalid("The request body must be the artifact as a JSON object.");
    }
    answer(ctx, 201, () -> campaigns.addArtifact(body).encode());
  }

  private void artifact(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    answer(
        ctx,
        200,
        () ->
            campaigns
                .artifact(id)
                .orElseThrow(
                    () -> ApiException.notFound("There is no firmware artifact " + id + "."))
                .encode());
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Requests.jsonObject(ctx, null);
    if (body == null) {
      throw ApiException.invalid("The request body must be the campaign as a JSON object.");
    }
    answer(ctx, 201, () -> campaigns.create(body).encode());
  }

  private void list(RoutingContext ctx) {
    if (ServerSentEvents.wanted(ctx)) {
      events(ctx, Optional.empty());
      return;
    }
    answer(ctx, 200, () -> campaigns.campaigns().encode());
  }

  private void campaign(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (ServerSentEvents.wanted(ctx)) {
      events(ctx, Optional.of(id));
      return;
    }
    answer(ctx, 200, () -> campaigns.campaign(id).orElseThrow(() -> notFound(id)).encode());
  }

  private void devices(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<String> status = Requests.param(ctx, "status");
    answer(ctx, 200, () -> campaigns.devices(id, status).orElseThrow(() -> notFound(id)).encode());
  }

  private void control(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    String operation = ctx.pathParam("operation");
    if (!OPERATIONS.contains(operation)) {
      throw ApiException.notFound(
          "Unknown campaign operation '" + operation + "': use start, pause, resume or abort.");
    }
    if (operation.equals("start")) {
      // accepted, not done: the devices are drawn into waves after the answer, which takes long
      // for a large fleet; the client follows the campaign resource or its events until it runs
      worker
          .executeBlocking(() -> campaigns.control(id, operation))
          .onSuccess(
              campaign ->
                  ctx.response()
                      .setStatusCode(202)
                      .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                      // a campaign id is path-safe by its specification's rule
                      .putHeader(
                          HttpHeaders.LOCATION, "/api/2/campaigns/" + campaign.getString("id"))
                      .end(campaign.encode()))
          .onFailure(ctx::fail);
      return;
    }
    answer(ctx, 200, () -> campaigns.control(id, operation).encode());
  }

  private void events(RoutingContext ctx, Optional<String> id) {
    streams.open(
        ctx,
        campaigns::subscribe,
        e -> id.isEmpty() || id.get().equals(e.getString("campaign")),
        JsonObject::encode);
  }

  private void answer(RoutingContext ctx, int status, Callable<String> body) {
    worker
        .executeBlocking(body)
        .onSuccess(
            json ->
                ctx.response()
                    .setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(json))
        .onFailure(ctx::fail);
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("There is no campaign " + id + ".");
  }
}
