package io.twinwright.api.things;

import io.twinwright.api.ApiConfig;
import io.twinwright.api.auth.Caller;
import io.twinwright.api.http.Requests;
import io.twinwright.api.policies.Enforcement;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.desired.DesiredDelta;
import io.twinwright.twin.desired.DesiredDeltaJson;
import io.twinwright.twin.search.RqlFilter;
import io.twinwright.twin.search.SearchPage;
import io.twinwright.twin.search.SearchRequest;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.ditto.json.JsonArrayBuilder;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;

/**
 * The desired-state delta of twins: {@code GET /api/2/things/{thingId}/delta} for one twin, and
 * {@code GET /api/2/delta?namespaces=..&filter=<rql>&option=size(n),cursor(c)} for the twins among
 * those matching whose reported state does not match their desired state, in thing id order.
 *
 * <p>The fleet listing walks the search in thing id order and keeps the twins out of sync, so a
 * page may take several search pages to fill; it runs on the worker pool.
 */
public final class DeltaRoutes {
  private final ApiConfig config;
  private final TwinService twins;
  private final WorkerExecutor worker;
  private final Enforcement enforcement;

  public DeltaRoutes(
      ApiConfig config, TwinService twins, WorkerExecutor worker, Enforcement enforcement) {
    this.config = config;
    this.twins = twins;
    this.worker = worker;
    this.enforcement = enforcement;
  }

  public void mount(Router router) {
    router.get("/api/2/things/:thingId/delta").handler(this::one);
    router.get("/api/2/delta").handler(this::fleet);
  }

  private void one(RoutingContext ctx) {
    ThingId id = ThingId.of(ctx.pathParam("thingId"));
    Thing thing =
        twins
            .get(id.toString())
            .orElseThrow(() -> ThingNotAccessibleException.newBuilder(id).build());
    Caller caller = Caller.of(ctx);
    enforcement.requireVisible(caller, ThingAccess.target(thing));
    // the delta of what the caller may read, never more
    Thing visible =
        caller.unrestricted()
            ? thing
            : ThingsModelFactory.newThing(
                enforcement.view(caller, ThingAccess.target(thing), thing.toJson()));
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, ThingRoutes.JSON)
        .end(DesiredDeltaJson.view(DesiredDelta.of(visible)).toString());
  }

  private void fleet(RoutingContext ctx) {
    SearchOptions options =
        SearchOptions.parse(
            Requests.param(ctx, "option"), config.defaultPageSize(), config.maxPageSize());
    if (!options.sort().isEmpty() || options.offset().isPresent()) {
      throw SearchOptions.invalid(
          "The delta listing supports only the options size(n) and cursor(c).",
          "Twins out of sync are listed in thing id order; page with size(n) and cursor(c).");
    }
    String filterText = Requests.param(ctx, "filter").orElse("");
    String namespacesText = String.join(",", Requests.commaSeparated(ctx, "namespaces"));
    Optional<List<JsonValue>> after = Optional.empty();
    if (options.cursor().isPresent()) {
      SearchCursor cursor = SearchCursor.decode(options.cursor().get());
      if ((!filterText.isEmpty() && !filterText.equals(cursor.filter()))
          || (!namespacesText.isEmpty() && !namespacesText.equals(cursor.namespaces()))
          || !cursor.sort().isEmpty()
          || cursor.position().size() != 1) {
        throw SearchOptions.invalid(
            "The cursor does not fit the delta listing.",
            "Continue with the cursor exactly as the previous page returned it, and the same"
                + " filter and namespaces (or none).");
      }
      filterText = cursor.filter();
      namespacesText = cursor.namespaces();
      after = Optional.of(cursor.position());
    }
    RqlFilter filter = RqlFilter.parse(filterText);
    Set<String> namespaces = Requests.commaSeparated(ctx, "namespaces");
    if (namespaces.isEmpty() && !namespacesText.isEmpty()) {
      namespaces = Set.of(namespacesText.split(","));
    }
    Set<String> ns = namespaces;
    Optional<List<JsonValue>> start = after;
    String f = filterText;
    String n = namespacesText;
    int size = options.size();
    worker
        .executeBlocking(() -> page(filter, ns, start, size, f, n))
        .onSuccess(
            body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, ThingRoutes.JSON).end(body))
        .onFailure(ctx::fail);
  }

  private String page(
      RqlFilter filter,
      Set<String> namespaces,
      Optional<List<JsonValue>> after,
      int size,
      String filterText,
      String namespacesText) {
    JsonArrayBuilder items = JsonFactory.newArrayBuilder();
    int found = 0;
    Optional<List<JsonValue>> position = after;
    boolean more = true;
    while (more && found < size) {
      SearchPage page =
          twins.search(
              new SearchRequest(filter, namespaces, List.of(), 0, config.maxPageSize(), position));
      more = page.next().isPresent();
      position = page.next();
      for (Thing thing : page.items()) {
        DesiredDelta delta = DesiredDelta.of(thing);
        if (!delta.inSync()) {
          items.add(DesiredDeltaJson.view(delta));
          found++;
        }
        if (found == size) {
          position = Optional.of(List.of(JsonFactory.newValue(delta.thingId())));
          more = more || page.items().indexOf(thing) < page.items().size() - 1;
          break;
        }
      }
    }
    JsonObjectBuilder body = JsonFactory.newObjectBuilder().set("items", items.build());
    if (more && position.isPresent()) {
      body.set("cursor", new SearchCursor(filterText, namespacesText, "", position.get()).encode());
    }
    return body.build().toString();
  }
}
