package io.twinwright.api.ws;

import io.twinwright.api.ApiException;
import io.twinwright.api.auth.Caller;
import io.twinwright.api.policies.Enforcement;
import io.twinwright.api.policies.Enforcement.Target;
import io.twinwright.api.things.Resource;
import io.twinwright.api.things.ThingAccess;
import io.twinwright.api.things.ThingJson;
import io.twinwright.twin.TwinCondition;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.TwinWrite;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.ditto.base.model.json.FieldType;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonKey;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.ThingCommand;
import org.eclipse.ditto.things.model.signals.commands.exceptions.PolicyIdNotDeletableException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingConflictException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.modify.CreateThing;
import org.eclipse.ditto.things.model.signals.commands.modify.MergeThing;
import org.eclipse.ditto.things.model.signals.commands.modify.ThingModifyCommand;
import org.eclipse.ditto.things.model.signals.commands.query.RetrieveThing;

/**
 * Runs Ditto twin commands (parsed by Ditto's protocol adapter) against the twin service, with the
 * same rules as the HTTP API: a part of a thing can only be written when the thing (and, for a
 * feature's parts, the feature) exists; create refuses an existing thing; delete and retrieve of a
 * missing part answer Ditto's not-found error for that part.
 */
final class TwinCommands {
  /** A command's result: the response status and the value a response carries, if any. */
  record Outcome(int status, Optional<JsonValue> value) {
    Outcome {
      java.util.Objects.requireNonNull(value, "value");
    }
  }

  private final TwinService twins;
  private final ThingAccess access;
  private final Caller caller;

  TwinCommands(TwinService twins, ThingAccess access, Caller caller) {
    this.twins = twins;
    this.access = access;
    this.caller = caller;
  }

  /** Runs the command; the future completes on {@code context}. */
  Future<Outcome> run(ThingCommand<?> command, Context context) {
    try {
      ThingId id = command.getEntityId();
      Resource resource = Resource.parse(segments(command.getResourcePath()));
      return switch (command.getCategory()) {
        case QUERY -> Future.succeededFuture(retrieve(command, id, resource));
        case CREATE, MODIFY -> modify(command, id, resource, context);
        case MERGE -> merge((MergeThing) command, id, resource, context);
        case DELETE -> delete(id, resource, context);
        default ->
            Future.failedFuture(
                new ApiException(
                    400,
                    "things:command.unsupported",
                    "The command <" + command.getType() + "> is not supported.",
                    "Send a create, modify, merge, retrieve or delete command."));
      };
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Outcome retrieve(ThingCommand<?> command, ThingId id, Resource resource) {
    Thing thing =
        twins
            .get(id.toString())
            .orElseThrow(() -> ThingNotAccessibleException.newBuilder(id).build());
    Enforcement enforcement = access.enforcement();
    Target target = ThingAccess.target(thing);
    enforcement.requireVisible(caller, target);
    JsonObject json =
        enforcement.view(
            caller, target, thing.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial()));
    if (command instanceof RetrieveThing retrieve) {
      return new Outcome(200, Optional.of(ThingJson.select(json, retrieve.getSelectedFields())));
    }
    JsonValue value = resource.value(thing, json).orElseThrow(() -> resource.notFound(id));
    return new Outcome(200, Optional.of(value));
  }

  private Future<Outcome> modify(
      ThingCommand<?> command, ThingId id, Resource resource, Context context) {
    boolean create = command instanceof CreateThing;
    JsonValue value =
        ((ThingModifyCommand<?>) command)
            .getEntity(JsonSchemaVersion.V_2)
            .orElseThrow(() -> ApiException.invalid("The command must carry a value."));
    boolean[] existed = new boolean[1];
    TwinCondition condition =
        access.guard(
            caller,
            id,
            resource,
            current -> {
              check(id, resource, current, existed, true);
              if (create && existed[0]) {
                throw ThingConflictException.newBuilder(id).build();
              }
            },
            value,
            false);
    CompletableFuture<Void> policy =
        resource.kind() == Resource.Kind.THING
                && value.isObject()
                && twins.get(id.toString()).isEmpty()
            ? access.withDefaultPolicy(caller, id, value.asObject())
            : CompletableFuture.completedFuture(null);
    return write(
            policy.thenCompose(ignored -> twins.put(id, resource.pointer(), value, condition)),
            context)
        .map(
            write -> {
              if (existed[0]) {
                return new Outcome(204, Optional.empty());
              }
              return new Outcome(
                  201,
                  Optional.of(
                      resource.kind() == Resource.Kind.THING
                          ? ThingJson.thing(write.after().orElseThrow(), Optional.empty())
                          : value));
            });
  }

  private Future<Outcome> merge(
      MergeThing command, ThingId id, Resource resource, Context context) {
    TwinCondition condition =
        access.guard(
            caller,
            id,
            resource,
            current -> {
              if (current.isEmpty()) {
                throw ThingNotAccessibleException.newBuilder(id).build();
              }
            },
            command.getValue(),
            true);
    return write(twins.merge(id, command.getPath(), command.getValue(), condition), context)
        .map(w -> new Outcome(204, Optional.empty()));
  }

  private Future<Outcome> delete(ThingId id, Resource resource, Context context) {
    if (resource.kind() == Resource.Kind.POLICY_ID) {
      throw PolicyIdNotDeletableException.newBuilder().build();
    }
    boolean[] existed = new boolean[1];
    TwinCondition condition =
        current -> {
          current.ifPresent(
              t ->
                  access
                      .enforcement()
                      .requireWrite(caller, ThingAccess.target(t), List.of(resource.pointer())));
          check(id, resource, current, existed, false);
          if (!existed[0]) {
            throw resource.notFound(id);
          }
        };
    return write(twins.delete(id, resource.pointer(), condition), context)
        .map(w -> new Outcome(204, Optional.empty()));
  }

  private static void check(
      ThingId id,
      Resource resource,
      Optional<Thing> current,
      boolean[] existed,
      boolean mayCreate) {
    if (current.isEmpty()) {
      if (resource.kind() != Resource.Kind.THING || !mayCreate) {
        throw ThingNotAccessibleException.newBuilder(id).build();
      }
      existed[0] = false;
      return;
    }
    Thing thing = current.get();
    if (resource.needsFeature()
        && thing.getFeatures().flatMap(f -> f.getFeature(resource.featureId())).isEmpty()) {
      throw resource.featureNotFound(id);
    }
    JsonObject json = thing.toJson(JsonSchemaVersion.V_2, FieldType.regularOrSpecial());
    existed[0] = resource.value(thing, json).isPresent();
  }

  private static Future<TwinWrite> write(CompletableFuture<TwinWrite> write, Context context) {
    return Future.fromCompletionStage(write, context);
  }

  private static List<String> segments(JsonPointer pointer) {
    List<String> segments = new ArrayList<>();
    for (JsonKey key : pointer) {
      segments.add(key.toString());
    }
    return segments;
  }
}
