package io.twinwright.api.things;

import io.twinwright.api.auth.Caller;
import io.twinwright.api.policies.Enforcement;
import io.twinwright.api.policies.Enforcement.Target;
import io.twinwright.twin.TwinCondition;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;

/**
 * How twin commands are enforced, whichever protocol they came by (HTTP routes or the Ditto
 * Protocol over WebSocket): the write checks run atomically with the write, and a new thing gets
 * Ditto's default policy for its creator.
 */
public final class ThingAccess {
  private final Enforcement enforcement;

  public ThingAccess(Enforcement enforcement) {
    this.enforcement = enforcement;
  }

  public Enforcement enforcement() {
    return enforcement;
  }

  /** The thing's id and the policy that governs it. */
  public static Target target(Thing thing) {
    return Target.of(
        thing.getEntityId().orElseThrow(), thing.getPolicyId().map(p -> PolicyId.of(p.toString())));
  }

  /**
   * Adds the enforcement to a write's checks, inside the same atomic step: the caller must be
   * allowed to write the part (each changed leaf of a merge patch), under the policy of the thing
   * or, for a new thing, the policy it will have.
   */
  public TwinCondition guard(
      Caller caller,
      ThingId id,
      Resource resource,
      TwinCondition checks,
      JsonValue value,
      boolean merge) {
    List<JsonPointer> pointers =
        merge ? Enforcement.leaves(resource.pointer(), value) : List.of(resource.pointer());
    return current -> {
      if (current.isPresent()) {
        enforcement.requireWrite(caller, target(current.get()), pointers);
      } else if (resource.kind() == Resource.Kind.THING && value.isObject()) {
        enforcement.requireWrite(caller, Target.of(id, policyOf(value.asObject())), pointers);
      } else {
        enforcement.requireVisible(caller, Target.of(id, Optional.empty()));
      }
      checks.check(current);
    };
  }

  /**
   * Stores the policy Ditto gives a thing created without one: its creator may read and write the
   * thing, its policy and its messages. A policy that already exists is left alone (the write is
   * then enforced against it); without authentication nothing is created.
   */
  public CompletableFuture<Void> withDefaultPolicy(Caller caller, ThingId id, JsonObject thing) {
    if (caller.unrestricted()) {
      return CompletableFuture.completedFuture(null);
    }
    if (!caller.ownsNamespace(id.getNamespace())) {
      throw ThingNotAccessibleException.newBuilder(id).build();
    }
    PolicyId policyId = policyOf(thing).orElse(PolicyId.of(id));
    if (!caller.ownsNamespace(policyId.getNamespace())
        || enforcement.store().get(policyId).isPresent()) {
      return CompletableFuture.completedFuture(null);
    }
    return enforcement.store().put(Enforcement.defaultPolicy(policyId, caller));
  }

  static Optional<PolicyId> policyOf(JsonObject thing) {
    return thing
        .getValue("policyId")
        .filter(JsonValue::isString)
        .map(v -> PolicyId.of(v.asString()));
  }
}
