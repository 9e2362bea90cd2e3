package io.twinwright.api.http;

import io.twinwright.api.ApiException;
import io.twinwright.twin.InvalidQueryException;
import io.twinwright.twin.TwinValidationException;
import io.twinwright.twin.history.HistoryQueryException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.ditto.base.model.exceptions.DittoJsonException;
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.json.JsonRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure of every route into a response; the only place that does. Registered as the
 * router's failure handler and as its handler for unmatched routes.
 *
 * <p>Client mistakes get a 4xx with a message saying what was wrong; anything unexpected is logged
 * and answered with a 500 that reveals nothing internal.
 */
public final class ErrorResponder {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponder.class);
  private static final String HONO_PREFIX = "/v1/";

  public void handle(RoutingContext ctx) {
    if (ctx.failure() instanceof DittoRuntimeException e
        && e.getHttpStatus().getCode() == 304
        && !ctx.response().headWritten()) {
      // If-None-Match on a read: not an error, but Ditto signals it with an exception too
      ctx.response().setStatusCode(304).end();
      return;
    }
    ApiException error = toApiException(ctx.failure(), ctx.statusCode(), ctx);
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for an error body (e.g. a running event stream): end the exchange instead.
      if (ctx.request().version() == HttpVersion.HTTP_2) {
        response.reset();
      } else {
        ctx.request().connection().close();
      }
      return;
    }
    String path = ctx.request().path();
    JsonObject body =
        path != null && path.startsWith(HONO_PREFIX)
            ? new JsonObject().put("error", error.getMessage())
            : dittoBody(error);
    response
        .setStatusCode(error.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.encode());
  }

  private static ApiException toApiException(Throwable failure, int status, RoutingContext ctx) {
    if (failure instanceof HttpException e) {
      return ofStatus(e.getStatusCode(), ctx);
    }
    if (failure == null) {
      return ofStatus(status, ctx);
    }
    return describe(failure)
        .orElseGet(
            () -> {
              LOG.error(
                  "unexpected failure on {} {}",
                  ctx.request().method(),
                  ctx.request().path(),
                  failure);
              return internal();
            });
  }

  /**
   * The Ditto error for a failure outside an HTTP exchange (e.g. a WebSocket command); an internal
   * error (logged) for anything unexpected.
   */
  public static ApiException toApiException(Throwable failure) {
    return describe(failure)
        .orElseGet(
            () -> {
              LOG.error("unexpected failure", failure);
              return internal();
            });
  }

  /** The error body Ditto sends: status, error code, message, description (and details). */
  public static JsonObject dittoBody(ApiException error) {
    JsonObject body =
        new JsonObject()
            .put("status", error.status())
            .put("error", error.errorCode())
            .put("message", error.getMessage())
            .put("description", error.description());
    if (!error.validationDetails().isEmpty()) {
      JsonObject details = new JsonObject();
      error.validationDetails().forEach((k, v) -> details.put(k, new JsonArray(v)));
      body.put("validationDetails", details);
    }
    return body;
  }

  private static java.util.Optional<ApiException> describe(Throwable failure) {
    return java.util.Optional.ofNullable(known(failure));
  }

  private static ApiException known(Throwable failure) {
    if (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null) {
      return known(failure.getCause());
    }
    if (failure instanceof ApiException e) {
      return e;
    }
    if (failure instanceof DittoRuntimeException e) {
      return ApiException.fromDitto(e);
    }
    if (failure instanceof JsonRuntimeException e) {
      // Ditto's JSON errors (e.g. a malformed field selection) carry their own error code.
      return ApiException.fromDitto(new DittoJsonException(e));
    }
    if (failure instanceof InvalidQueryException e) {
      // Keep the parser's own code when it has one (Ditto: rql.expression.invalid).
      String code =
          e.getCause() instanceof DittoRuntimeException d
              ? d.getErrorCode()
              : "rql.expression.invalid";
      return new ApiException(
          400, code, e.getMessage(), "Check the RQL filter expression and send it again.");
    }
    if (failure instanceof TwinValidationException e) {
      // Ditto's WoT validation error: fixed code and message, the specifics in the details
      return new ApiException(
          400,
          "wot:payload.validation.error",
          "The provided payload did not conform to the specified WoT (Web of Things) model.",
          "The twin's "
              + String.join(", ", e.details().keySet())
              + " broke its Thing Model <"
              + e.modelId()
              + ">: "
              + e.details().values().stream()
                  .flatMap(List::stream)
                  .collect(Collectors.joining("; ")),
          e.details());
    }
    if (failure instanceof HistoryQueryException e) {
      return ApiException.invalid(e.getMessage());
    }
    if (failure instanceof DecodeException e) {
      return malformedJson(e.getMessage());
    }
    return null;
  }

  /** 400 for a body that is not JSON; Ditto's code for unparsable JSON. */
  public static ApiException malformedJson(String detail) {
    return new ApiException(
        400,
        "json.invalid",
        "The request body is not valid JSON: " + detail,
        "Send a well-formed JSON document.");
  }

  private static ApiException ofStatus(int status, RoutingContext ctx) {
    String method = ctx.request().method().name();
    String path = ctx.request().path();
    return switch (status) {
      case 404 ->
          new ApiException(
              404,
              "api:resource.notfound",
              "No resource at " + path + ".",
              "Check the path against the API documentation.");
      case 405 ->
          new ApiException(
              405,
              "api:method.notallowed",
              "Method " + method + " is not supported on " + path + ".",
              "Check the method against the API documentation.");
      case 413 ->
          new ApiException(
              413,
              "api:payload.toolarge",
              "The request body is too large.",
              "Send a smaller body.");
      case 415 ->
          new ApiException(
              415,
              "api:mediatype.unsupported",
              "The request content type is not supported.",
              "Send application/json.");
      default -> {
        if (status >= 400 && status < 500) {
          yield ApiException.invalid("The request could not be processed (HTTP " + status + ").");
        }
        if (status >= 500) {
          LOG.error("request failed with status {} on {} {}", status, method, path);
        }
        yield internal();
      }
    };
  }

  private static ApiException internal() {
    return new ApiException(
        500,
        "api:internal.error",
        "The request could not be processed because of an internal error.",
        "Try again later; if the problem persists, contact the operator.");
  }
}
