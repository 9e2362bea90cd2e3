package io.twinwright.api.policies;

import io.twinwright.api.ApiException;
import io.twinwright.api.auth.Caller;
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
import org.eclipse.ditto.base.model.exceptions.DittoRuntimeException;
import org.eclipse.ditto.base.model.json.JsonSchemaVersion;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.policies.model.PoliciesModelFactory;
import org.eclipse.ditto.policies.model.Policy;
import org.eclipse.ditto.policies.model.PolicyEntry;
import org.eclipse.ditto.policies.model.PolicyId;
import org.eclipse.ditto.policies.model.PolicyIdInvalidException;
import org.eclipse.ditto.policies.model.Resource;
import org.eclipse.ditto.policies.model.ResourceKey;
import org.eclipse.ditto.policies.model.Subject;
import org.eclipse.ditto.policies.model.SubjectId;
import org.eclipse.ditto.policies.model.signals.commands.exceptions.PolicyEntryNotAccessibleException;
import org.eclipse.ditto.policies.model.signals.commands.exceptions.PolicyIdNotExplicitlySettableException;
import org.eclipse.ditto.policies.model.signals.commands.exceptions.PolicyModificationInvalidException;
import org.eclipse.ditto.policies.model.signals.commands.exceptions.PolicyNotAccessibleException;
import org.eclipse.ditto.policies.model.signals.commands.exceptions.PolicyNotModifiableException;
import org.eclipse.ditto.policies.model.signals.commands.exceptions.ResourceNotAccessibleException;
import org.eclipse.ditto.policies.model.signals.commands.exceptions.SubjectNotAccessibleException;

/**
 * Ditto's policies routes: {@code /api/2/policies/{policyId}} with GET, PUT (201 created, 204
 * modified) and DELETE, and the same on {@code /entries}, {@code /entries/{label}}, {@code
 * /entries/{label}/subjects[/{subjectId}]} and {@code /entries/{label}/resources[/{type:path}]}.
 * Every body is parsed by Ditto's policy model, so a bad policy is refused with 400 before anything
 * is stored.
 *
 * <p>Reading needs READ on {@code policy:/}, changing needs WRITE on it (a caller without READ is
 * told the policy does not exist). A change that would take the caller's own WRITE on {@code
 * policy:/} away is refused, so nobody locks themselves out of a policy by mistake.
 */
public final class PolicyRoutes {
  private static final String JSON = "application/json";

  private final Enforcement enforcement;

  public PolicyRoutes(Enforcement enforcement) {
    this.enforcement = enforcement;
  }

  public void mount(Router router) {
    router.route("/api/2/policies/:policyId").handler(this::handle);
    router.route("/api/2/policies/:policyId/*").handler(this::handle);
  }

  /** Which part of a policy a path names. */
  private record Part(String kind, String label, String key) {}

  private void handle(RoutingContext ctx) {
    PolicyId id = PolicyId.of(ctx.pathParam("policyId"));
    Part part = parse(id, Optional.ofNullable(ctx.pathParam("*")).orElse(""));
    Caller caller = Caller.of(ctx);
    HttpMethod method = ctx.request().method();
    Optional<Policy> current =
        enforcement
            .store()
            .get(id)
            .filter(p -> enforcement.onPolicy(caller, p, Enforcement.READ, false));
    if (HttpMethod.GET.equals(method)) {
      Policy policy =
          current.orElseThrow(() -> PolicyNotAccessibleException.newBuilder(id).build());
      ctx.response()
          .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
          .end(read(policy, id, part).toString());
      return;
    }
    boolean put = HttpMethod.PUT.equals(method);
    if (!put && !HttpMethod.DELETE.equals(method)) {
      throw new ApiException(
          405,
          "api:method.notallowed",
          "Method " + method.name() + " is not supported on " + ctx.request().path() + ".",
          "Use GET, PUT or DELETE.");
    }
    if (current.isEmpty()) {
      if (!put || !"policy".equals(part.kind())) {
        throw PolicyNotAccessibleException.newBuilder(id).build();
      }
      if (!caller.ownsNamespace(id.getNamespace()) || enforcement.store().get(id).isPresent()) {
        // another tenant's namespace, or a policy the caller cannot see: it does not exist for it
        throw PolicyNotAccessibleException.newBuilder(id).build();
      }
      Policy created = withRevision(parsePolicy(id, body(ctx)), 1);
      requireKeepsWrite(caller, created);
      store(ctx, created, 201, created.toJson().toString());
      return;
    }
    Policy policy = current.get();
    if (!enforcement.onPolicy(caller, policy, Enforcement.WRITE, true)) {
      throw PolicyNotModifiableException.newBuilder(id).build();
    }
    if (!put && "policy".equals(part.kind())) {
      Future.fromCompletionStage(enforcement.store().delete(id), ctx.vertx().getOrCreateContext())
          .onSuccess(ignored -> ctx.response().setStatusCode(204).end())
          .onFailure(ctx::fail);
      return;
    }
    boolean[] existed = {true};
    Policy changed = put ? write(policy, id, part, body(ctx), existed) : remove(policy, id, part);
    changed = withRevision(changed, policy.getRevision().map(r -> r.toLong()).orElse(0L) + 1);
    requireKeepsWrite(caller, changed);
    if (existed[0]) {
      store(ctx, changed, 204, null);
    } else {
      store(ctx, changed, 201, read(changed, id, part).toString());
    }
  }

  private static Part parse(PolicyId id, String rest) {
    List<String> s = new ArrayList<>(Arrays.asList(rest.split("/", -1)));
    if (s.size() == 1 && s.get(0).isEmpty()) {
      return new Part("policy", "", "");
    }
    if (!"entries".equals(s.get(0))) {
      throw notFound(rest);
    }
    if (s.size() == 1) {
      return new Part("entries", "", "");
    }
    String label = s.get(1);
    if (label.isEmpty()) {
      throw notFound(rest);
    }
    if (s.size() == 2) {
      return new Part("entry", label, "");
    }
    String what = s.get(2);
    if ("subjects".equals(what)) {
      if (s.size() == 3) {
        return new Part("subjects", label, "");
      }
      if (s.size() == 4 && !s.get(3).isEmpty()) {
        return new Part("subject", label, s.get(3));
      }
    } else if ("resources".equals(what)) {
      if (s.size() == 3) {
        return new Part("resources", label, "");
      }
      // a resource key such as thing:/features/x spans the rest of the path
      String key = String.join("/", s.subList(3, s.size()));
      if (!key.isEmpty()) {
        return new Part("resource", label, key);
      }
    }
    throw notFound(rest);
  }

  private static JsonValue read(Policy policy, PolicyId id, Part part) {
    if ("policy".equals(part.kind())) {
      return policy.toJson(JsonSchemaVersion.V_2);
    }
    if ("entries".equals(part.kind())) {
      return policy
          .toJson(JsonSchemaVersion.V_2)
          .getValue("entries")
          .orElse(JsonFactory.newObject());
    }
    PolicyEntry entry =
        policy
            .getEntryFor(part.label())
            .orElseThrow(
                () -> PolicyEntryNotAccessibleException.newBuilder(id, part.label()).build());
    return switch (part.kind()) {
      case "entry" -> entry.toJson();
      case "subjects" -> entry.getSubjects().toJson();
      case "subject" ->
          entry
              .getSubjects()
              .getSubject(SubjectId.newInstance(part.key()))
              .map(Subject::toJson)
              .orElseThrow(
                  () ->
                      SubjectNotAccessibleException.newBuilder(id, part.label(), part.key())
                          .build());
      case "resources" -> entry.getResources().toJson();
      case "resource" ->
          entry
              .getResources()
              .getResource(resourceKey(part.key()))
              .map(Resource::toJson)
              .orElseThrow(
                  () ->
                      ResourceNotAccessibleException.newBuilder(id, part.label(), part.key())
                          .build());
      default -> throw new IllegalStateException(part.kind());
    };
  }

  private static Policy write(
      Policy policy, PolicyId id, Part part, JsonValue body, boolean[] existed) {
    return valid(
        () -> {
          switch (part.kind()) {
            case "policy" -> {
              return parsePolicy(id, body);
            }
            case "entries" -> {
              var entries = PoliciesModelFactory.newPolicyEntries(object(body));
              return policy.toBuilder().removeAll(policy.getEntriesSet()).setAll(entries).build();
            }
            default -> {}
          }
          Optional<PolicyEntry> entry = policy.getEntryFor(part.label());
          if ("entry".equals(part.kind())) {
            existed[0] = entry.isPresent();
            return policy.setEntry(PoliciesModelFactory.newPolicyEntry(part.label(), object(body)));
          }
          if (entry.isEmpty()) {
            throw PolicyEntryNotAccessibleException.newBuilder(id, part.label()).build();
          }
          return switch (part.kind()) {
            case "subjects" ->
                policy.setSubjectsFor(part.label(), PoliciesModelFactory.newSubjects(object(body)));
            case "subject" -> {
              existed[0] =
                  entry
                      .get()
                      .getSubjects()
                      .getSubject(SubjectId.newInstance(part.key()))
                      .isPresent();
              yield policy.setSubjectFor(
                  part.label(), PoliciesModelFactory.newSubject(part.key(), object(body)));
            }
            case "resources" ->
                policy.setResourcesFor(
                    part.label(), PoliciesModelFactory.newResources(object(body)));
            case "resource" -> {
              ResourceKey key = resourceKey(part.key());
              existed[0] = entry.get().getResources().getResource(key).isPresent();
              yield policy.setResourceFor(
                  part.label(), PoliciesModelFactory.newResource(key, object(body)));
            }
            default -> throw new IllegalStateException(part.kind());
          };
        });
  }

  private static Policy remove(Policy policy, PolicyId id, Part part) {
    if ("entries".equals(part.kind())
        || "subjects".equals(part.kind())
        || "resources".equals(part.kind())) {
      throw new ApiException(
          405,
          "api:method.notallowed",
          "DELETE is not supported on the " + part.kind() + " of a policy.",
          "Replace them with PUT, or delete single items.");
    }
    read(policy, id, part); // 404 for a missing entry, subject or resource
    return switch (part.kind()) {
      case "entry" -> policy.removeEntry(part.label());
      case "subject" -> policy.removeSubjectFor(part.label(), SubjectId.newInstance(part.key()));
      case "resource" -> policy.removeResourceFor(part.label(), resourceKey(part.key()));
      default -> throw new IllegalStateException(part.kind());
    };
  }

  private void requireKeepsWrite(Caller caller, Policy policy) {
    if (!enforcement.onPolicy(caller, policy, Enforcement.WRITE, true)) {
      throw PolicyModificationInvalidException.newBuilder(policy.getEntityId().orElseThrow())
          .description(
              "The change would leave you without WRITE on policy:/ of this policy. Keep an entry"
                  + " that grants your subject WRITE on policy:/.")
          .build();
    }
  }

  private void store(RoutingContext ctx, Policy policy, int status, String body) {
    Future.fromCompletionStage(enforcement.store().put(policy), ctx.vertx().getOrCreateContext())
        .onSuccess(
            ignored -> {
              ctx.response().setStatusCode(status);
              if (body == null) {
                ctx.response().end();
              } else {
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .putHeader(HttpHeaders.LOCATION, ctx.request().path())
                    .end(body);
              }
            })
        .onFailure(ctx::fail);
  }

  private static Policy parsePolicy(PolicyId id, JsonValue body) {
    JsonObject json = object(body);
    Optional<String> named =
        json.getValue("policyId").filter(JsonValue::isString).map(JsonValue::asString);
    if (json.contains("policyId") && !named.equals(Optional.of(id.toString()))) {
      throw PolicyIdNotExplicitlySettableException.newBuilder().build();
    }
    return valid(() -> PoliciesModelFactory.newPolicy(json.setValue("policyId", id.toString())));
  }

  private static Policy withRevision(Policy policy, long revision) {
    return policy.toBuilder().setRevision(revision).build();
  }

  private static ResourceKey resourceKey(String key) {
    return valid(() -> ResourceKey.newInstance(key));
  }

  /** Runs a model operation, turning the model's complaints into Ditto's 400 for bad policies. */
  private static <T> T valid(java.util.function.Supplier<T> operation) {
    try {
      return operation.get();
    } catch (PolicyIdInvalidException e) {
      throw e;
    } catch (DittoRuntimeException e) {
      if (e.getHttpStatus().getCode() != 400) {
        throw e;
      }
      throw invalid(e.getMessage());
    } catch (RuntimeException e) {
      throw invalid(e.getMessage());
    }
  }

  private static ApiException invalid(String why) {
    return new ApiException(
        400,
        "policies:policy.invalid",
        "The policy is invalid: " + why,
        "Send the policy as Ditto describes it: {\"entries\":{\"<label>\":{\"subjects\":{...},"
            + "\"resources\":{\"thing:/\":{\"grant\":[\"READ\"],\"revoke\":[]}}}}}.");
  }

  private static JsonObject object(JsonValue value) {
    if (!value.isObject()) {
      throw invalid("a JSON object is expected");
    }
    return value.asObject();
  }

  private static JsonValue body(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.toString().isBlank()) {
      throw ApiException.invalid("The request body must hold the new JSON value.");
    }
    return JsonFactory.readFrom(body.toString());
  }

  private static ApiException notFound(String rest) {
    return ApiException.notFound("The policy has no part '" + rest + "'.");
  }
}
