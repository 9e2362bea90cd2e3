package io.twinwright.api.audit;

import io.twinwright.api.ApiConfig;
import io.twinwright.api.ApiException;
import io.twinwright.api.AuditFilter;
import io.twinwright.api.AuditQueries;
import io.twinwright.api.AuditView;
import io.twinwright.api.http.Requests;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * {@code GET /api/2/audit}: entries newest first, filtered by twin, rule, action and time. Page
 * sizes follow the search's: {@code limit} defaults to its page size and may not exceed its
 * maximum.
 */
public final class AuditRoutes {
  private static final String JSON = "application/json";

  private final ApiConfig config;
  private final AuditQueries audit;
  private final WorkerExecutor worker;

  public AuditRoutes(ApiConfig config, AuditQueries audit, WorkerExecutor worker) {
    this.config = config;
    this.audit = audit;
    this.worker = worker;
  }

  public void mount(Router router) {
    router.get("/api/2/audit").handler(this::query);
  }

  private void query(RoutingContext ctx) {
    Optional<Instant> from = instant(ctx, "from");
    Optional<Instant> to = instant(ctx, "to");
    if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
      throw ApiException.invalid("from must be before to");
    }
    AuditFilter filter =
        new AuditFilter(
            Requests.param(ctx, "thingId"),
            Requests.param(ctx, "rule"),
            Requests.param(ctx, "action"),
            from,
            to,
            limit(ctx));
    worker
        .executeBlocking(
            () -> {
              JsonArray items = new JsonArray();
              audit.audit(filter).stream().limit(filter.limit()).forEach(e -> items.add(json(e)));
              return items.encode();
            })
        .onSuccess(body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body))
        .onFailure(ctx::fail);
  }

  private int limit(RoutingContext ctx) {
    Optional<String> text = Requests.param(ctx, "limit");
    if (text.isEmpty()) {
      return config.defaultPageSize();
    }
    int limit;
    try {
      limit = Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("limit must be a whole number, got: " + text.get());
    }
    if (limit < 1 || limit > config.maxPageSize()) {
      throw ApiException.invalid("limit must be between 1 and " + config.maxPageSize());
    }
    return limit;
  }

  private static Optional<Instant> instant(RoutingContext ctx, String name) {
    Optional<String> text = Requests.param(ctx, name);
    try {
      return text.map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw ApiException.invalid(
          name + " must be an ISO-8601 instant such as 2025-01-02T03:04:05Z, got: " + text.get());
    }
  }

  private static JsonObject json(AuditView e) {
    return new JsonObject()
        .put("at", e.at().toString())
        .put("rule", e.rule())
        .put("action", e.action())
        .put("thingId", e.thingId())
        .put("findings", new JsonObject(new LinkedHashMap<String, Object>(e.findings())))
        .put("outcome", e.outcome());
  }
}
