package io.twinwright.api.things;

import io.twinwright.api.ApiException;
import io.twinwright.api.HistoryQueries;
import io.twinwright.api.auth.Caller;
import io.twinwright.api.http.Requests;
import io.twinwright.api.policies.Enforcement;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.history.HistoryBucket;
import io.twinwright.twin.history.HistoryPoint;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;

/**
 * {@code GET /api/2/things/{thingId}/history?path=/features/<f>/properties/<p>[&from][&to][&step]
 * [&limit]}: a property's readings in {@code [from, to)} by source time, raw ({@code [{"t","v"}]})
 * or, with {@code step}, summarised per step ({@code [{"t","min","max","avg","count"}]}, numeric
 * properties only). {@code to} defaults to now and {@code from} to an hour before {@code to};
 * {@code step} is an ISO-8601 duration ({@code PT1M}) or a number with a unit ({@code 500ms},
 * {@code 60s}, {@code 5m}, {@code 1h}, {@code 1d}).
 */
public final class HistoryRoutes {
  /** Readings (or steps) answered when no {@code limit} is given. */
  static final int DEFAULT_LIMIT = 1_000;

  /** Most readings (or steps) one request may ask for. */
  static final int MAX_LIMIT = 10_000;

  private static final String JSON = "application/json";
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final TwinService twins;
  private final HistoryQueries history;
  private final WorkerExecutor worker;
  private final Enforcement enforcement;

  public HistoryRoutes(
      TwinService twins, HistoryQueries history, WorkerExecutor worker, Enforcement enforcement) {
    this.twins = twins;
    this.history = history;
    this.worker = worker;
    this.enforcement = enforcement;
  }

  public void mount(Router router) {
    router.get("/api/2/things/:thingId/history").handler(this::query);
  }

  private void query(RoutingContext ctx) {
    ThingId id = ThingId.of(ctx.pathParam("thingId"));
    Thing thing =
        twins
            .get(id.toString())
            .orElseThrow(() -> ThingNotAccessibleException.newBuilder(id).build());
    String path =
        Requests.param(ctx, "path")
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "path is required, e.g. path=/features/env/properties/temperature"));
    // the history of a value is as private as the value: only what the caller may read now
    Caller caller = Caller.of(ctx);
    enforcement.requireVisible(caller, ThingAccess.target(thing));
    if (!caller.unrestricted()
        && enforcement
            .view(caller, ThingAccess.target(thing), thing.toJson())
            .getValue(org.eclipse.ditto.json.JsonPointer.of(path))
            .isEmpty()) {
      throw ThingNotAccessibleException.newBuilder(id).build();
    }
    Instant to = instant(ctx, "to").orElseGet(Instant::now);
    Instant from = instant(ctx, "from").orElseGet(() -> to.minus(Duration.ofHours(1)));
    if (!from.isBefore(to)) {
      throw ApiException.invalid("from must be before to");
    }
    Optional<Duration> step = Requests.param(ctx, "step").map(HistoryRoutes::duration);
    int limit = limit(ctx);
    worker
        .executeBlocking(
            () -> {
              JsonArray items = new JsonArray();
              if (step.isPresent()) {
                history.buckets(id.toString(), path, from, to, step.get()).stream()
                    .limit(limit)
                    .forEach(b -> items.add(json(b)));
              } else {
                history
                    .points(id.toString(), path, from, to, limit)
                    .forEach(p -> items.add(json(p)));
              }
              return items.encode();
            })
        .onSuccess(body -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body))
        .onFailure(ctx::fail);
  }

  private static Duration duration(String text) {
    Matcher m = SHORT_DURATION.matcher(text);
    Duration step;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      step =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else {
      try {
        step = Duration.parse(text);
      } catch (DateTimeParseException e) {
        throw ApiException.invalid(
            "step must be an ISO-8601 duration such as PT1M or a number with a unit (ms, s, m, h,"
                + " d) such as 60s, got: "
                + text);
      }
    }
    if (step.toMillis() < 1) {
      throw ApiException.invalid("step must be at least one millisecond, got: " + text);
    }
    return step;
  }

  private static int limit(RoutingContext ctx) {
    Optional<String> text = Requests.param(ctx, "limit");
    if (text.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(text.get());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("limit must be a whole number, got: " + text.get());
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.invalid("limit must be between 1 and " + MAX_LIMIT);
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

  private static JsonObject json(HistoryPoint p) {
    return new JsonObject().put("t", p.t().toString()).put("v", p.value());
  }

  private static JsonObject json(HistoryBucket b) {
    return new JsonObject()
        .put("t", b.start().toString())
        .put("min", b.min())
        .put("max", b.max())
        .put("avg", b.avg())
        .put("count", b.count());
  }
}
