package io.twinwright.api.things;

import io.twinwright.api.ApiConfig;
import io.twinwright.api.ApiException;
import io.twinwright.api.http.Requests;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.search.RqlFilter;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.ditto.json.JsonArrayBuilder;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonFieldSelector;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.MissingThingIdsException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;

/**
 * Ditto's things and search routes over the hot twins.
 *
 * <p>Single-twin reads are map lookups and stay on the event loop; searches scan twins and run on
 * the named worker pool.
 */
public final class ThingRoutes {
  private static final String JSON = "application/json";

  private final ApiConfig config;
  private final TwinService twins;
  private final WorkerExecutor worker;
  private final ThingEventStreams streams;

  public ThingRoutes(
      ApiConfig config, TwinService twins, WorkerExecutor worker, ThingEventStreams streams) {
    this.config = config;
    this.twins = twins;
    this.worker = worker;
    this.streams = streams;
  }

  public void mount(Router router) {
    router.get("/api/2/things").handler(this::things);
    router.get("/api/2/things/:thingId").handler(this::thing);
    router.get("/api/2/search/things").handler(this::search);
    router.get("/api/2/search/things/count").handler(this::count);
  }

  private void thing(RoutingContext ctx) {
    ThingId id = ThingId.of(ctx.pathParam("thingId"));
    Optional<JsonFieldSelector> fields = ThingJson.fields(Requests.param(ctx, "fields"));
    Thing thing =
        twins
            .get(id.toString())
            .orElseThrow(() -> ThingNotAccessibleException.newBuilder(id).build());
    thing
        .getRevision()
        .ifPresent(r -> ctx.response().putHeader(HttpHeaders.ETAG, "\"rev:" + r.toLong() + "\""));
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(ThingJson.thing(thing, fields).toString());
  }

  /** Either the event stream or the things listed in {@code ids}, as Ditto multiplexes it. */
  private void things(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    if (accept != null && accept.contains(ThingEventStreams.MEDIA_TYPE)) {
      streams.open(ctx);
      return;
    }
    Set<String> ids = Requests.commaSeparated(ctx, "ids");
    if (ids.isEmpty()) {
      throw MissingThingIdsException.newBuilder().build();
    }
    if (ids.size() > config.maxPageSize()) {
      throw ApiException.invalid(
          "At most " + config.maxPageSize() + " thing ids may be requested at once.");
    }
    Optional<JsonFieldSelector> fields = ThingJson.fields(Requests.param(ctx, "fields"));
    JsonArrayBuilder items = JsonFactory.newArrayBuilder();
    for (String id : ids) {
      // Validate every id before answering; unknown ids are left out, as Ditto does.
      twins.get(ThingId.of(id).toString()).ifPresent(t -> items.add(ThingJson.thing(t, fields)));
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(items.build().toString());
  }

  private void search(RoutingContext ctx) {
    RqlFilter filter = RqlFilter.parse(Requests.param(ctx, "filter").orElse(""));
    Set<String> namespaces = Requests.commaSeparated(ctx, "namespaces");
    Optional<JsonFieldSelector> fields = ThingJson.fields(Requests.param(ctx, "fields"));
    SearchOptions options =
        SearchOptions.parse(
            Requests.param(ctx, "option"), config.defaultPageSize(), config.maxPageSize());
    worker
        .executeBlocking(
            () -> {
              // One extra result tells whether there is a next page.
              List<Thing> found =
                  twins.search(filter, namespaces, options.offset() + options.size() + 1);
              List<Thing> page =
                  found.subList(
                      Math.min(options.offset(), found.size()),
                      Math.min(options.offset() + options.size(), found.size()));
              JsonArrayBuilder items = JsonFactory.newArrayBuilder();
              page.forEach(t -> items.add(ThingJson.thing(t, fields)));
              long next =
                  found.size() > options.offset() + options.size()
                      ? options.offset() + options.size()
                      : -1;
              return JsonFactory.newObjectBuilder()
                  .set("items", items.build())
                  .set("nextPageOffset", next)
                  .build()
                  .toString();
            })
        .onSuccess(body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body))
        .onFailure(ctx::fail);
  }

  private void count(RoutingContext ctx) {
    RqlFilter filter = RqlFilter.parse(Requests.param(ctx, "filter").orElse(""));
    Set<String> namespaces = Requests.commaSeparated(ctx, "namespaces");
    worker
        .executeBlocking(() -> twins.count(filter, namespaces))
        .onSuccess(
            n -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Long.toString(n)))
        .onFailure(ctx::fail);
  }
}
