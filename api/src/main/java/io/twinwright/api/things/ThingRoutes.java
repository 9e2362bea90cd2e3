package io.twinwright.api.things;

import io.twinwright.api.ApiConfig;
import io.twinwright.api.ApiException;
import io.twinwright.api.auth.Caller;
import io.twinwright.api.http.Requests;
import io.twinwright.api.policies.Enforcement;
import io.twinwright.api.policies.Enforcement.Target;
import io.twinwright.twin.TwinCondition;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.TwinWrite;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.ditto.base.model.json.FieldType;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonArrayBuilder;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonFieldSelector;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.FeatureNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.MissingThingIdsException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.PolicyIdNotDeletableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingIdNotExplicitlySettableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;

/**
 * Ditto's things routes over the hot twins: {@code /api/2/things} (list by ids, create with a
 * generated id, server-sent events) and {@code /api/2/things/{thingId}[/part]} with GET, PUT, PATCH
 * ({@code application/merge-patch+json}) and DELETE on the thing and each of its parts (see {@link
 * Resource}), conditional on {@code If-Match}/{@code If-None-Match}.
 *
 * <p>Reads and writes are map operations on the hot twin (fine on the event loop); writes are
 * answered once durable, as Ditto answers after persisting. Preconditions are checked atomically
 * with the write, so two clients holding the same ETag cannot both win.
 */
public final class ThingRoutes {
  static final String JSON = "application/json";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String BASE = "/api/2/things/";

  private final ApiConfig config;
  private final TwinService twins;
  private final ThingEventStreams streams;
  private final Enforcement enforcement;
  private final ThingAccess access;

  public ThingRoutes(
      ApiConfig config, TwinService twins, ThingEventStreams streams, Enforcement enforcement) {
    this.config = config;
    this.twins = twins;
    this.streams = streams;
    this.enforcement = enforcement;
    this.access = new ThingAccess(enforcement);
  }

  public void mount(Router router) {
    router.get("/api/2/things").handler(this::things);
    router.post("/api/2/things").handler(this::create);
    router.route("/api/2/things/:thingId").handler(this::resource);
    router.route("/api/2/things/:thingId/*").handler(this::resource);
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
    List<ThingId> parsed = new ArrayList<>(ids.size());
    // Validate every id before answering; unknown ids are left out, as Ditto does.
    ids.forEach(id -> parsed.add(ThingId.of(id)));
    Caller caller = Caller.of(ctx);
    JsonArrayBuilder items = JsonFactory.newArrayBuilder();
    for (ThingId id : parsed) {
      twins
          .get(id.toString())
          .filter(t -> enforcement.canSee(caller, ThingAccess.target(t)))
          .ifPresent(t -> items.add(view(caller, t, fields)));
    }
    ok(ctx, items.build().toString());
  }

  /** {@code POST /api/2/things?namespace=ns}: a new thing with a generated id in the namespace. */
  private void create(RoutingContext ctx) {
    String namespace =
        Requests.param(ctx, "namespace")
            .orElseThrow(
                () ->
                    new ApiException(
                        400,
                        "things:id.invalid",
                        "The query parameter <namespace> is required to create a thing with a"
                            + " generated id.",
                        "Send POST /api/2/things?namespace=<namespace>, or create the thing with"
                            + " PUT /api/2/things/<namespace>:<name>."));
    ThingId id = ThingId.of(namespace, UUID.randomUUID().toString());
    JsonValue body = body(ctx, true).orElse(JsonFactory.newObject());
    JsonObject thing = thingBody(body);
    if (thing.contains("thingId")) {
      throw ThingIdNotExplicitlySettableException.forPostMethod().build();
    }
    Caller caller = Caller.of(ctx);
    JsonObject created = thing;
    reply(
        ctx,
        access
            .withDefaultPolicy(caller, id, thing)
            .thenCompose(
                ignored ->
                    twins.put(
                        id,
                        JsonPointer.empty(),
                        created,
                        current ->
                            enforcement.requireWrite(
                                caller,
                                Target.of(id, ThingAccess.policyOf(created)),
                                List.of(JsonPointer.empty())))),
        write -> {
          etag(ctx, write);
          created(ctx, BASE + id, ThingJson.thing(write.after().orElseThrow(), Optional.empty()));
        });
  }

  private void resource(RoutingContext ctx) {
    Optional<Resource> parsed = parse(ctx);
    if (parsed.isEmpty()) {
      // not a part of a thing (e.g. a message route mounted by another module)
      ctx.next();
      return;
    }
    Resource resource = parsed.get();
    ThingId id = ThingId.of(ctx.pathParam("thingId"));
    Preconditions pre =
        new Preconditions(
            Optional.ofNullable(ctx.request().getHeader(HttpHeaders.IF_MATCH)),
            Optional.ofNullable(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH)));
    HttpMethod method = ctx.request().method();
    if (HttpMethod.GET.equals(method)) {
      get(ctx, id, resource, pre);
    } else if (HttpMethod.PUT.equals(method)) {
      put(ctx, id, resource, pre);
    } else if (HttpMethod.PATCH.equals(method)) {
      patch(ctx, id, resource, pre);
    } else if (HttpMethod.DELETE.equals(method)) {
      delete(ctx, id, resource, pre);
    } else {
      throw new ApiException(
          405,
          "api:method.notallowed",
          "Method " + method.name() + " is not supported on " + ctx.request().path() + ".",
          "Use GET, PUT, PATCH or DELETE.");
    }
  }

  private Optional<Resource> parse(RoutingContext ctx) {
    String rest = Optional.ofNullable(ctx.pathParam("*")).orElse("");
    List<String> segments = new ArrayList<>(Arrays.asList(rest.split("/", -1)));
    if (segments.size() == 1 && segments.get(0).isEmpty()) {
      segments.clear();
    } else if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1);
    }
    if (!segments.isEmpty()
        && !Set.of("attributes", "features", "definition", "policyId").contains(segments.get(0))) {
      return Optional.empty();
    }
    return Optional.of(Resource.parse(segments));
  }

  private void get(RoutingContext ctx, ThingId id, Resource resource, Preconditions pre) {
    Optional<JsonFieldSelector> fields = ThingJson.fields(Requests.param(ctx, "fields"));
    Caller caller = Caller.of(ctx);
    Thing thing =
        twins
            .get(id.toString())
            .orElseThrow(() -> ThingNotAccessibleException.newBuilder(id).build());
    enforcement.requireVisible(caller, ThingAccess.target(thing));
    JsonObject json =
        enforcement.view(
            caller,
            ThingAccess.target(thing),
            thing.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial()));
    JsonValue value = resource.value(thing, json).orElseThrow(() -> resource.notFound(id));
    String etag = Preconditions.etag(thing);
    ctx.response().putHeader(HttpHeaders.ETAG, etag);
    pre.check(Optional.of(etag), true);
    JsonValue body;
    if (resource.kind() == Resource.Kind.THING) {
      body = ThingJson.select(json, fields);
    } else if (fields.isPresent() && value.isObject()) {
      body = value.asObject().get(fields.get());
    } else {
      body = value;
    }
    ok(ctx, body.toString());
  }

  private void put(RoutingContext ctx, ThingId id, Resource resource, Preconditions pre) {
    JsonValue value =
        body(ctx, false)
            .orElseThrow(
                () -> ApiException.invalid("The request body must hold the new JSON value."));
    if (resource.kind() == Resource.Kind.THING) {
      JsonObject thing = thingBody(value);
      if (thing
          .getValue("thingId")
          .filter(v -> !v.equals(JsonFactory.newValue(id.toString())))
          .isPresent()) {
        throw ThingIdNotExplicitlySettableException.forPutMethod().build();
      }
      value = thing;
    }
    boolean[] existed = new boolean[1];
    Caller caller = Caller.of(ctx);
    TwinCondition condition =
        access.guard(
            caller, id, resource, condition(id, resource, pre, existed, true), value, false);
    JsonValue written = value;
    CompletableFuture<Void> policy =
        resource.kind() == Resource.Kind.THING && twins.get(id.toString()).isEmpty()
            ? access.withDefaultPolicy(caller, id, value.asObject())
            : CompletableFuture.completedFuture(null);
    JsonValue newValue = value;
    reply(
        ctx,
        policy.thenCompose(ignored -> twins.put(id, resource.pointer(), newValue, condition)),
        write -> {
          etag(ctx, write);
          if (existed[0]) {
            ctx.response().setStatusCode(204).end();
          } else if (resource.kind() == Resource.Kind.THING) {
            created(
                ctx,
                ctx.request().path(),
                ThingJson.thing(write.after().orElseThrow(), Optional.empty()));
          } else {
            created(ctx, ctx.request().path(), written);
          }
        });
  }

  private void patch(RoutingContext ctx, ThingId id, Resource resource, Preconditions pre) {
    String type = Optional.ofNullable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).orElse("");
    if (!type.toLowerCase(java.util.Locale.ROOT).startsWith(MERGE_PATCH)) {
      throw new ApiException(
          415,
          "mediatype.unsupported",
          "The Content-Type <" + type + "> is not supported for PATCH.",
          "Send the JSON merge patch with Content-Type: " + MERGE_PATCH + ".");
    }
    JsonValue patch =
        body(ctx, false)
            .orElseThrow(
                () -> ApiException.invalid("The request body must hold a JSON merge patch."));
    if (resource.kind() == Resource.Kind.THING) {
      JsonObject thing = thingBody(patch);
      if (thing
          .getValue("thingId")
          .filter(v -> !v.equals(JsonFactory.newValue(id.toString())))
          .isPresent()) {
        throw ThingIdNotExplicitlySettableException.forPutOrPatchMethod().build();
      }
    }
    TwinCondition condition =
        access.guard(
            Caller.of(ctx),
            id,
            resource,
            condition(id, resource, pre, new boolean[1], false),
            patch,
            true);
    reply(
        ctx,
        twins.merge(id, resource.pointer(), patch, condition),
        write -> {
          etag(ctx, write);
          ctx.response().setStatusCode(204).end();
        });
  }

  private void delete(RoutingContext ctx, ThingId id, Resource resource, Preconditions pre) {
    if (resource.kind() == Resource.Kind.POLICY_ID) {
      throw PolicyIdNotDeletableException.newBuilder().build();
    }
    boolean[] existed = new boolean[1];
    TwinCondition check = condition(id, resource, pre, existed, false);
    Caller caller = Caller.of(ctx);
    TwinCondition condition =
        current -> {
          current.ifPresent(
              t ->
                  enforcement.requireWrite(
                      caller, ThingAccess.target(t), List.of(resource.pointer())));
          check.check(current);
          if (!existed[0]) {
            throw resource.notFound(id);
          }
        };
    reply(
        ctx,
        twins.delete(id, resource.pointer(), condition),
        write -> ctx.response().setStatusCode(204).end());
  }

  /**
   * The checks of a write, run atomically with it: the thing (and the feature of a feature part)
   * must exist unless a thing is being created, and the preconditions must hold for the part.
   */
  private static TwinCondition condition(
      ThingId id, Resource resource, Preconditions pre, boolean[] existed, boolean mayCreate) {
    return current -> {
      if (current.isEmpty()) {
        if (resource.kind() != Resource.Kind.THING || !mayCreate) {
          throw ThingNotAccessibleException.newBuilder(id).build();
        }
        existed[0] = false;
        pre.check(Optional.empty(), false);
        return;
      }
      Thing thing = current.get();
      if (resource.needsFeature()
          && thing.getFeatures().flatMap(f -> f.getFeature(resource.featureId())).isEmpty()) {
        throw FeatureNotAccessibleException.newBuilder(id, resource.featureId()).build();
      }
      JsonObject json = thing.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial());
      existed[0] = resource.value(thing, json).isPresent();
      pre.check(existed[0] ? Optional.of(Preconditions.etag(thing)) : Optional.empty(), false);
    };
  }

  private JsonObject view(Caller caller, Thing thing, Optional<JsonFieldSelector> fields) {
    return ThingJson.select(
        enforcement.view(
            caller,
            ThingAccess.target(thing),
            thing.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial())),
        fields);
  }

  private static JsonObject thingBody(JsonValue value) {
    if (!value.isObject()) {
      throw new ApiException(
          400,
          "json.invalid",
          "A thing must be a JSON object.",
          "Send the thing as a JSON object, e.g. {\"attributes\":{...}}.");
    }
    return value.asObject();
  }

  /** The body as JSON, parsed by Ditto's parser so malformed JSON fails with Ditto's own code. */
  private static Optional<JsonValue> body(RoutingContext ctx, boolean optional) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.toString().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(JsonFactory.readFrom(body.toString()));
  }

  private static void etag(RoutingContext ctx, TwinWrite write) {
    write.after().ifPresent(t -> ctx.response().putHeader(HttpHeaders.ETAG, Preconditions.etag(t)));
  }

  private static void ok(RoutingContext ctx, String body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  private static void created(RoutingContext ctx, String location, JsonValue body) {
    ctx.response()
        .setStatusCode(201)
        .putHeader(HttpHeaders.LOCATION, location)
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        .end(body.toString());
  }

  private static void reply(
      RoutingContext ctx,
      CompletableFuture<TwinWrite> written,
      java.util.function.Consumer<TwinWrite> answer) {
    Future.fromCompletionStage(written, ctx.vertx().getOrCreateContext())
        .onSuccess(answer::accept)
        .onFailure(
            e ->
                // a failure of a composed stage arrives wrapped
                ctx.fail(
                    e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause()
                        : e));
  }
}
