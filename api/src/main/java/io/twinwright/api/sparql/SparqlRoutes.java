package io.twinwright.api.sparql;

import io.twinwright.api.ApiException;
import io.twinwright.api.SparqlQueries;
import io.twinwright.api.SparqlQueryException;
import io.twinwright.api.http.Requests;
import io.twinwright.twin.TenantId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * SPARQL queries over one tenant's twin graph. Query evaluation can take up to the graph's time
 * limit, so it runs on its own named worker pool, where a slow query cannot starve the other
 * operator routes.
 */
public final class SparqlRoutes {
  static final String RESULTS_JSON = "application/sparql-results+json";
  private static final String QUERY_TYPE = "application/sparql-query";
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";

  private final SparqlQueries sparql;
  private final WorkerExecutor worker;

  /**
   * @param worker the pool that calls the port
   */
  public SparqlRoutes(SparqlQueries sparql, WorkerExecutor worker) {
    this.sparql = sparql;
    this.worker = worker;
  }

  public void mount(Router router) {
    router.get("/api/2/sparql/:tenant").handler(this::get);
    router.post("/api/2/sparql/:tenant").handler(this::post);
  }

  private void get(RoutingContext ctx) {
    String tenant = tenant(ctx);
    if (Requests.param(ctx, "update").isPresent()) {
      throw updateRefused();
    }
    answer(ctx, tenant, required(Requests.param(ctx, "query")));
  }

  private void post(RoutingContext ctx) {
    String tenant = tenant(ctx);
    String type =
        Optional.ofNullable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))
            .map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
            .orElse("");
    String query;
    if (type.equals(QUERY_TYPE)) {
      Buffer body = ctx.body().buffer();
      query = required(Optional.ofNullable(body).map(Buffer::toString).filter(q -> !q.isBlank()));
    } else if (type.equals(FORM_TYPE)) {
      if (ctx.request().getFormAttribute("update") != null) {
        throw updateRefused();
      }
      query =
          required(
              Optional.ofNullable(ctx.request().getFormAttribute("query"))
                  .filter(q -> !q.isBlank()));
    } else {
      throw new ApiException(
          415,
          "api:mediatype.unsupported",
          "A SPARQL query is sent as " + QUERY_TYPE + " or as a form, not as '" + type + "'.",
          "Send the query as the body with Content-Type " + QUERY_TYPE + ", or as query=...");
    }
    answer(ctx, tenant, query);
  }

  private void answer(RoutingContext ctx, String tenant, String query) {
    // The port's stage may complete on the graph's own thread: come back to this request's loop.
    Context context = ctx.vertx().getOrCreateContext();
    worker
        .executeBlocking(() -> sparql.query(tenant, query))
        .compose(stage -> Future.fromCompletionStage(stage, context))
        .recover(e -> Future.failedFuture(translate(e)))
        .onSuccess(
            json -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, RESULTS_JSON).end(json))
        .onFailure(ctx::fail);
  }

  private static Throwable translate(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (!(cause instanceof SparqlQueryException s)) {
      return cause;
    }
    return switch (s.reason()) {
      case SYNTAX ->
          new ApiException(
              400,
              "sparql:query.invalid",
              "The SPARQL query does not parse: " + s.getMessage(),
              "Check the query syntax and send it again.");
      case UNSUPPORTED ->
          new ApiException(
              400,
              "sparql:query.unsupported",
              "The SPARQL query is not supported: " + s.getMessage(),
              "The endpoint is read-only and answers SELECT and ASK queries.");
      case TIMEOUT ->
          new ApiException(
              503,
              "sparql:query.timeout",
              "The SPARQL query took too long: " + s.getMessage(),
              "Narrow the query (fewer patterns, a LIMIT) and try again.");
      case UNKNOWN_TENANT ->
          new ApiException(
              404,
              "sparql:tenant.notfound",
              "No twin graph for this tenant: " + s.getMessage(),
              "Check the tenant in the path.");
    };
  }

  private static String tenant(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    if (!TenantId.isValid(tenant)) {
      throw ApiException.invalid("invalid tenant id: " + tenant);
    }
    return tenant;
  }

  private static String required(Optional<String> query) {
    return query.orElseThrow(
        () ->
            new ApiException(
                400,
                "sparql:query.missing",
                "No SPARQL query in the request.",
                "Send the query as query=... or as an " + QUERY_TYPE + " body."));
  }

  private static ApiException updateRefused() {
    return new ApiException(
        400,
        "sparql:query.unsupported",
        "SPARQL updates are not accepted.",
        "The endpoint is read-only; twins change through the things API.");
  }
}
