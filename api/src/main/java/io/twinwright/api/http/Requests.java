package io.twinwright.api.http;

import io.twinwright.api.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads query parameters and JSON bodies, failing with {@link ApiException} on bad input. */
public final class Requests {
  private Requests() {}

  /** The parameter's value if present and not blank. */
  public static Optional<String> param(RoutingContext ctx, String name) {
    List<String> values = ctx.queryParam(name);
    if (values.isEmpty() || values.get(0).isBlank()) {
      return Optional.empty();
    }
    return Optional.of(values.get(0).trim());
  }

  /** A comma-separated parameter as a set of its non-blank items, in order. */
  public static Set<String> commaSeparated(RoutingContext ctx, String name) {
    Set<String> items = new LinkedHashSet<>();
    for (String value : ctx.queryParam(name)) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return items;
  }

  /**
   * Splits on commas that are not inside parentheses: {@code limit(0,10),size(5)} gives {@code
   * limit(0,10)} and {@code size(5)}.
   */
  public static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    parts.add(text.substring(start).trim());
    parts.removeIf(String::isEmpty);
    return parts;
  }

  /** The body as a JSON object; an empty body gives {@code fallback}. */
  public static JsonObject jsonObject(RoutingContext ctx, JsonObject fallback) {
    Object value = decode(ctx);
    if (value == null) {
      return fallback;
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    throw ApiException.invalid("The request body must be a JSON object.");
  }

  /** The body as a JSON array; an empty body is an error. */
  public static JsonArray jsonArray(RoutingContext ctx) {
    Object value = decode(ctx);
    if (value instanceof JsonArray array) {
      return array;
    }
    throw ApiException.invalid("The request body must be a JSON array.");
  }

  private static Object decode(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0 || body.toString().isBlank()) {
      return null;
    }
    try {
      return Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ErrorResponder.malformedJson(e.getMessage());
    }
  }
}
