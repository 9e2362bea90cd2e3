package io.twinwright.api.things;

import io.twinwright.api.ApiException;
import io.twinwright.twin.TwinEvent;
import io.twinwright.twin.TwinService;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributeNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.AttributePointerInvalidException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;

/**
 * Ditto's single-attribute routes, {@code /api/2/things/{thingId}/attributes/{path}}: read, write
 * (201 with the value when created, 204 when modified) and delete (204; 404 when absent). Relations
 * between twins ({@code attributes/relations/partOf}) are set this way.
 *
 * <p>Changes are applied to the hot twin at once (a map update, fine on the event loop) and
 * answered once durable, as Ditto answers after persisting.
 */
public final class AttributeRoutes {
  private static final String JSON = "application/json";
  private static final String PATH = "/api/2/things/:thingId/attributes/*";

  private final TwinService twins;

  public AttributeRoutes(TwinService twins) {
    this.twins = twins;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::get);
    router.put(PATH).handler(this::put);
    router.delete(PATH).handler(this::delete);
  }

  private void get(RoutingContext ctx) {
    ThingId id = ThingId.of(ctx.pathParam("thingId"));
    JsonPointer pointer = pointer(ctx);
    JsonValue value = current(thing(id), pointer).orElseThrow(() -> attributeNotFound(id, pointer));
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(value.toString());
  }

  private void put(RoutingContext ctx) {
    ThingId id = ThingId.of(ctx.pathParam("thingId"));
    JsonPointer pointer = pointer(ctx);
    JsonValue value = body(ctx);
    // Created or modified is decided on the state just before the write; a concurrent writer of
    // the same attribute may make the answer stale, which Ditto's API tolerates too.
    boolean existed = current(thing(id), pointer).isPresent();
    CompletableFuture<TwinEvent> written =
        twins
            .putAttribute(id.toString(), pointer.toString(), Optional.of(value))
            .orElseThrow(() -> thingNotFound(id));
    Future.fromCompletionStage(written, ctx.vertx().getOrCreateContext())
        .onSuccess(
            event -> {
              if (existed) {
                ctx.response().setStatusCode(204).end();
              } else {
                ctx.response()
                    .setStatusCode(201)
                    .putHeader(HttpHeaders.LOCATION, ctx.request().path())
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(value.toString());
              }
            })
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    ThingId id = ThingId.of(ctx.pathParam("thingId"));
    JsonPointer pointer = pointer(ctx);
    if (current(thing(id), pointer).isEmpty()) {
      throw attributeNotFound(id, pointer);
    }
    CompletableFuture<TwinEvent> written =
        twins
            .putAttribute(id.toString(), pointer.toString(), Optional.empty())
            .orElseThrow(() -> thingNotFound(id));
    Future.fromCompletionStage(written, ctx.vertx().getOrCreateContext())
        .onSuccess(event -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private Thing thing(ThingId id) {
    return twins.get(id.toString()).orElseThrow(() -> thingNotFound(id));
  }

  private static Optional<JsonValue> current(Thing thing, JsonPointer pointer) {
    return thing.getAttributes().flatMap(a -> a.getValue(pointer));
  }

  private static JsonPointer pointer(RoutingContext ctx) {
    String path = Optional.ofNullable(ctx.pathParam("*")).orElse("");
    JsonPointer pointer = JsonFactory.newPointer(path);
    if (pointer.isEmpty()) {
      throw AttributePointerInvalidException.newBuilder(pointer)
          .message("The attribute path must not be empty.")
          .build();
    }
    return pointer;
  }

  private static JsonValue body(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.toString().isBlank()) {
      throw ApiException.invalid("The request body must hold the attribute's JSON value.");
    }
    // Ditto's parser, so malformed JSON fails with Ditto's own error code.
    return JsonFactory.readFrom(body.toString());
  }

  private static ThingNotAccessibleException thingNotFound(ThingId id) {
    return ThingNotAccessibleException.newBuilder(id).build();
  }

  private static AttributeNotAccessibleException attributeNotFound(
      ThingId id, JsonPointer pointer) {
    return AttributeNotAccessibleException.newBuilder(id, pointer).build();
  }
}
