package io.twinwright.api.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import org.eclipse.ditto.base.model.auth.AuthorizationContext;
import org.eclipse.ditto.base.model.auth.AuthorizationModelFactory;
import org.eclipse.ditto.base.model.auth.DittoAuthorizationContextType;

/**
 * Who sent a request, as the authentication established it.
 *
 * @param subjectId the policy subject, e.g. {@code nginx:alice} or {@code jwt:42}
 * @param tenant the only tenant (thing namespace) this caller may reach
 * @param operator whether the caller may use the operator and device-management APIs
 * @param unrestricted true only when authentication is switched off: no tenant or policy checks
 */
public record Caller(String subjectId, String tenant, boolean operator, boolean unrestricted) {
  private static final String KEY = "twinwright.caller";

  /** The caller of requests when authentication is switched off. */
  public static final Caller UNRESTRICTED = new Caller("anonymous:unrestricted", "*", true, true);

  public Caller {
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(tenant, "tenant");
    if (subjectId.indexOf(':') < 1) {
      throw new IllegalArgumentException("subject id needs an issuer prefix: " + subjectId);
    }
  }

  /**
   * The subject every member of a tenant also acts as, so one policy entry can grant a whole tenant
   * (the default policy of device twins does).
   */
  public static String tenantSubject(String tenant) {
    return "tenant:" + tenant;
  }

  /** The caller's policy subjects: its own id and its tenant's subject. */
  public AuthorizationContext authorizationContext() {
    return AuthorizationModelFactory.newAuthContext(
        DittoAuthorizationContextType.UNSPECIFIED,
        AuthorizationModelFactory.newAuthSubject(subjectId),
        AuthorizationModelFactory.newAuthSubject(tenantSubject(tenant)));
  }

  /** Whether things and policies of this namespace belong to the caller's tenant. */
  public boolean ownsNamespace(String namespace) {
    return unrestricted || tenant.equals(namespace);
  }

  void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  /** The caller of a request that passed authentication. */
  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("request did not pass authentication");
    }
    return caller;
  }
}
