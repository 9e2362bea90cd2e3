package io.twinwright.api.policies;

import io.twinwright.api.ApiException;
import io.twinwright.api.PolicyStore;
import io.twinwright.api.auth.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonField;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.policies.model.EffectedPermissions;
import org.eclipse.ditto.policies.model.Permissions;
import org.eclipse.ditto.policies.model.PoliciesModelFactory;
import org.eclipse.ditto.policies.model.PoliciesResourceType;
import org.eclipse.ditto.policies.model.Policy;
import org.eclipse.ditto.policies.model.PolicyEntry;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.policies.model.ResourceKey;
import org.eclipse.ditto.policies.model.enforcers.Enforcer;
import org.eclipse.ditto.policies.model.enforcers.PolicyEnforcers;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotModifiableException;

/**
 * Decides, with Ditto's own policy enforcer, what a caller may read and write of a thing. Tenants
 * come first: a caller never reaches a thing outside its tenant's namespace, whatever a policy
 * says, and is told the thing does not exist.
 *
 * <p>A thing whose policy is not stored (a device twin the platform created) is governed by the
 * tenant policy: every subject of the thing's tenant may read and write it and send it messages.
 */
public final class Enforcement {
  public static final String READ = "READ";
  public static final String WRITE = "WRITE";
  private static final Permissions READ_ONLY = Permissions.newInstance(READ);
  private static final Permissions WRITE_ONLY = Permissions.newInstance(WRITE);
  private static final ResourceKey THING_ROOT = ResourceKey.newInstance("thing", "/");

  private final PolicyStore store;
  // enforcers are costly to build and policies change rarely: one per stored policy instance
  private final Map<PolicyId, Map.Entry<Policy, Enforcer>> enforcers = new ConcurrentHashMap<>();

  public Enforcement(PolicyStore store) {
    this.store = store;
  }

  public PolicyStore store() {
    return store;
  }

  /** The policy a new thing gets when its creator names none, as Ditto gives it. */
  public static Policy defaultPolicy(PolicyId id, Caller creator) {
    EffectedPermissions rw = EffectedPermissions.newInstance(List.of(READ, WRITE), List.of());
    PolicyEntry entry =
        PoliciesModelFactory.newPolicyEntry(
            "DEFAULT",
            List.of(
                PoliciesModelFactory.newSubject(
                    PoliciesModelFactory.newSubjectId(creator.subjectId()))),
            List.of(
                PoliciesModelFactory.newResource("thing", "/", rw),
                PoliciesModelFactory.newResource("policy", "/", rw),
                PoliciesModelFactory.newResource("message", "/", rw)));
    return PoliciesModelFactory.newPolicy(id, List.of(entry)).toBuilder().setRevision(1).build();
  }

  /** The implicit policy of a thing whose policy is not stored: its whole tenant may use it. */
  static Policy tenantPolicy(PolicyId id, String tenant) {
    EffectedPermissions rw = EffectedPermissions.newInstance(List.of(READ, WRITE), List.of());
    PolicyEntry entry =
        PoliciesModelFactory.newPolicyEntry(
            "TENANT",
            List.of(
                PoliciesModelFactory.newSubject(
                    PoliciesModelFactory.newSubjectId(Caller.tenantSubject(tenant)))),
            List.of(
                PoliciesModelFactory.newResource("thing", "/", rw),
                PoliciesModelFactory.newResource("message", "/", rw)));
    return PoliciesModelFactory.newPolicy(id, List.of(entry));
  }

  private Enforcer enforcer(PolicyId policyId, String namespace) {
    Optional<Policy> stored = store.get(policyId);
    if (stored.isEmpty()) {
      return PolicyEnforcers.defaultEvaluator(tenantPolicy(policyId, namespace));
    }
    Policy policy = stored.get();
    Map.Entry<Policy, Enforcer> cached = enforcers.get(policyId);
    if (cached != null && cached.getKey() == policy) {
      return cached.getValue();
    }
    Enforcer enforcer = PolicyEnforcers.defaultEvaluator(policy);
    enforcers.put(policyId, Map.entry(policy, enforcer));
    return enforcer;
  }

  /** The enforcer of a stored policy, or empty when it is not stored. */
  Optional<Enforcer> storedEnforcer(PolicyId policyId) {
    return store.get(policyId).map(p -> enforcer(policyId, policyId.getNamespace()));
  }

  /** A thing the enforcement decides on: its id and the policy that governs it. */
  public record Target(ThingId thingId, PolicyId policyId) {
    public static Target of(ThingId thingId, Optional<PolicyId> policyId) {
      return new Target(thingId, policyId.orElse(PolicyId.of(thingId)));
    }
  }

  /** Whether the caller may see anything of the thing (the thing exists for it). */
  public boolean canSee(Caller caller, Target target) {
    if (caller.unrestricted()) {
      return true;
    }
    if (!caller.ownsNamespace(target.thingId().getNamespace())) {
      return false;
    }
    return enforcer(target.policyId(), target.thingId().getNamespace())
        .hasPartialPermissions(THING_ROOT, caller.authorizationContext(), READ_ONLY);
  }

  /**
   * What of the thing's JSON the caller may read; {@code thingId} always stays, so a partial view
   * still says whose it is.
   */
  public JsonObject view(Caller caller, Target target, JsonObject json) {
    if (caller.unrestricted()) {
      return json;
    }
    JsonObject view =
        enforcer(target.policyId(), target.thingId().getNamespace())
            .buildJsonView(THING_ROOT, json, caller.authorizationContext(), READ_ONLY);
    return JsonFactory.newObjectBuilder()
        .set("thingId", target.thingId().toString())
        .setAll(view)
        .build();
  }

  /** Fails with Ditto's not-found when the caller may not see the thing at all. */
  public void requireVisible(Caller caller, Target target) {
    if (!canSee(caller, target)) {
      throw ThingNotAccessibleException.newBuilder(target.thingId()).build();
    }
  }

  /**
   * Fails unless the caller may write every one of the pointers in the thing. As in Ditto, WRITE
   * alone suffices (a write-only subject may write what it cannot read); a refused caller that can
   * see the thing gets 403 ({@code things:thing.notmodifiable}), any other gets 404.
   */
  public void requireWrite(Caller caller, Target target, List<JsonPointer> pointers) {
    if (caller.unrestricted()) {
      return;
    }
    if (!caller.ownsNamespace(target.thingId().getNamespace())) {
      throw ThingNotAccessibleException.newBuilder(target.thingId()).build();
    }
    Enforcer enforcer = enforcer(target.policyId(), target.thingId().getNamespace());
    for (JsonPointer pointer : pointers) {
      if (!enforcer.hasUnrestrictedPermissions(
          ResourceKey.newInstance("thing", pointer), caller.authorizationContext(), WRITE_ONLY)) {
        requireVisible(caller, target);
        throw ThingNotModifiableException.newBuilder(target.thingId()).build();
      }
    }
  }

  /**
   * Fails unless the caller may send this message to the thing: 404 when it cannot see the thing,
   * 403 when it may not send this subject.
   */
  public void requireSend(Caller caller, Target target, String subject) {
    if (caller.unrestricted()) {
      return;
    }
    requireVisible(caller, target);
    ResourceKey key = ResourceKey.newInstance("message", "/inbox/messages/" + subject);
    if (!enforcer(target.policyId(), target.thingId().getNamespace())
        .hasUnrestrictedPermissions(key, caller.authorizationContext(), WRITE_ONLY)) {
      throw new ApiException(
          403,
          "messages:message.notallowed",
          "You are not allowed to send the message '"
              + subject
              + "' to the thing '"
              + target.thingId()
              + "'.",
          "Ask the thing's policy owner for WRITE on message:/inbox/messages/" + subject + ".");
    }
  }

  /**
   * The pointers a write of this value at this pointer touches: the pointer itself for a
   * replacement, each leaf for a merge patch (Ditto checks a merge per changed field).
   */
  public static List<JsonPointer> leaves(JsonPointer at, JsonValue patch) {
    List<JsonPointer> out = new ArrayList<>();
    collect(at, patch, out);
    return out;
  }

  private static void collect(JsonPointer at, JsonValue value, List<JsonPointer> out) {
    if (!value.isObject() || value.asObject().isEmpty()) {
      out.add(at);
      return;
    }
    for (JsonField field : value.asObject()) {
      collect(at.addLeaf(field.getKey()), field.getValue(), out);
    }
  }

  /** Whether the caller holds a permission on a policy resource of a stored policy. */
  boolean onPolicy(Caller caller, Policy policy, String permission, boolean unrestricted) {
    if (caller.unrestricted()) {
      return true;
    }
    PolicyId id = policy.getEntityId().orElseThrow();
    if (!caller.ownsNamespace(id.getNamespace())) {
      return false;
    }
    Enforcer enforcer = PolicyEnforcers.defaultEvaluator(policy);
    ResourceKey root = ResourceKey.newInstance(PoliciesResourceType.POLICY, "/");
    Permissions p = Permissions.newInstance(permission);
    return unrestricted
        ? enforcer.hasUnrestrictedPermissions(root, caller.authorizationContext(), p)
        : enforcer.hasPartialPermissions(root, caller.authorizationContext(), p);
  }
}
