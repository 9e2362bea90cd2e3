package io.twinwright.api.things;

import io.twinwright.api.ApiConfig;
import io.twinwright.api.auth.Caller;
import io.twinwright.api.http.Requests;
import io.twinwright.api.policies.Enforcement;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.search.RqlFilter;
import io.twinwright.twin.search.SearchPage;
import io.twinwright.twin.search.SearchRequest;
import io.twinwright.twin.search.SortKey;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.ditto.json.JsonArrayBuilder;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonFieldSelector;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonValue;

/**
 * Ditto's search routes: {@code GET /api/2/search/things} with {@code filter} (RQL), {@code
 * namespaces}, {@code fields} and {@code option=sort(..),size(n),cursor(c)} (or {@code
 * limit(offset,count)}), answered as {@code {"items":[...],"cursor":"..."}} ({@code nextPageOffset}
 * for {@code limit}); and {@code GET /api/2/search/things/count}.
 *
 * <p>A cursor carries its query: a request with a cursor may leave out filter, namespaces and sort
 * (they are taken from the cursor) but must not change them. Searches run on the worker pool.
 */
public final class SearchRoutes {
  private final ApiConfig config;
  private final TwinService twins;
  private final WorkerExecutor worker;
  private final Enforcement enforcement;

  public SearchRoutes(
      ApiConfig config, TwinService twins, WorkerExecutor worker, Enforcement enforcement) {
    this.enforcement = enforcement;
    this.config = config;
    this.twins = twins;
    this.worker = worker;
  }

  public void mount(Router router) {
    router.get("/api/2/search/things").handler(this::search);
    router.get("/api/2/search/things/count").handler(this::count);
  }

  private void search(RoutingContext ctx) {
    SearchOptions options =
        SearchOptions.parse(
            Requests.param(ctx, "option"), config.defaultPageSize(), config.maxPageSize());
    String filterText = Requests.param(ctx, "filter").orElse("");
    String namespacesText = String.join(",", Requests.commaSeparated(ctx, "namespaces"));
    String sortText =
        options.sort().stream().map(SortKey::toString).collect(Collectors.joining(","));
    List<SortKey> sort = options.sort();
    Optional<List<JsonValue>> after = Optional.empty();
    if (options.cursor().isPresent()) {
      SearchCursor cursor = SearchCursor.decode(options.cursor().get());
      filterText = sameAs(cursor.filter(), filterText, "filter");
      namespacesText = sameAs(cursor.namespaces(), namespacesText, "namespaces");
      sortText = sameAs(cursor.sort(), sortText, "sort");
      sort =
          SearchOptions.parse(
                  Optional.of(sortText.isEmpty() ? "" : "sort(" + sortText + ")"),
                  config.defaultPageSize(),
                  config.maxPageSize())
              .sort();
      after = Optional.of(cursor.position());
    }
    RqlFilter filter = RqlFilter.parse(filterText);
    Caller caller = Caller.of(ctx);
    Optional<Set<String>> scoped = scope(caller, split(namespacesText));
    if (scoped.isEmpty()) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, ThingRoutes.JSON).end("{\"items\":[]}");
      return;
    }
    Set<String> namespaces = scoped.get();
    Optional<JsonFieldSelector> fields = ThingJson.fields(Requests.param(ctx, "fields"));
    SearchRequest request;
    try {
      request =
          new SearchRequest(
              filter, namespaces, sort, options.offset().orElse(0), options.size(), after);
    } catch (IllegalArgumentException e) {
      throw SearchOptions.invalid(
          "The cursor does not fit the search.",
          "Use the cursor exactly as a previous search page returned it.");
    }
    String f = filterText;
    String n = namespacesText;
    String s = sortText;
    worker
        .executeBlocking(
            () -> {
              SearchPage page = twins.search(request);
              JsonArrayBuilder items = JsonFactory.newArrayBuilder();
              // a page may come out shorter than asked when the caller may not see some twins
              for (var t : page.items()) {
                var target = ThingAccess.target(t);
                if (enforcement.canSee(caller, target)) {
                  items.add(
                      ThingJson.select(
                          enforcement.view(
                              caller,
                              target,
                              t.toJson(
                                  org.eclipse.ditto.base.model.json.JsonSchemaVersion.V_2,
                                  org.eclipse.ditto.base.model.json.FieldType.regularOrSpecial())),
                          fields));
                }
              }
              JsonObjectBuilder body = JsonFactory.newObjectBuilder().set("items", items.build());
              if (options.offset().isPresent()) {
                long next =
                    page.next().isPresent() ? options.offset().getAsInt() + options.size() : -1;
                body.set("nextPageOffset", next);
              } else {
                page.next()
                    .ifPresent(p -> body.set("cursor", new SearchCursor(f, n, s, p).encode()));
              }
              return body.build().toString();
            })
        .onSuccess(
            body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, ThingRoutes.JSON).end(body))
        .onFailure(ctx::fail);
  }

  private void count(RoutingContext ctx) {
    RqlFilter filter = RqlFilter.parse(Requests.param(ctx, "filter").orElse(""));
    Caller caller = Caller.of(ctx);
    Optional<Set<String>> scoped = scope(caller, Requests.commaSeparated(ctx, "namespaces"));
    if (scoped.isEmpty()) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, ThingRoutes.JSON).end("0");
      return;
    }
    Set<String> namespaces = scoped.get();
    worker
        .executeBlocking(
            () ->
                caller.unrestricted()
                    ? twins.count(filter, namespaces)
                    // twins the caller may not see do not exist for it, here as in the results
                    : twins.count(
                        filter, namespaces, t -> enforcement.canSee(caller, ThingAccess.target(t))))
        .onSuccess(
            n ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, ThingRoutes.JSON)
                    .end(Long.toString(n)))
        .onFailure(ctx::fail);
  }

  /**
   * The namespaces a caller's search may cover: its tenant's only (empty when it asked only for
   * other tenants'); all that were asked for when authentication is off.
   */
  private static Optional<Set<String>> scope(Caller caller, Set<String> requested) {
    if (caller.unrestricted()) {
      return Optional.of(requested);
    }
    if (!requested.isEmpty() && !requested.contains(caller.tenant())) {
      return Optional.empty();
    }
    return Optional.of(Set.of(caller.tenant()));
  }

  /** A cursor's part of the query; the request may repeat it but not change it. */
  private static String sameAs(String fromCursor, String fromRequest, String what) {
    if (!fromRequest.isEmpty() && !fromRequest.equals(fromCursor)) {
      throw SearchOptions.invalid(
          "The " + what + " differs from the one the cursor was made for.",
          "Continue a search with the same " + what + ", or leave it out when sending a cursor.");
    }
    return fromCursor;
  }

  private static Set<String> split(String text) {
    Set<String> items = new LinkedHashSet<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        items.add(s.trim());
      }
    }
    return items;
  }
}
