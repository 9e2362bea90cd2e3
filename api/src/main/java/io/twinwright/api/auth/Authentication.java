package io.twinwright.api.auth;

import io.twinwright.api.ApiException;
import io.twinwright.api.ApiSecurity;
import io.twinwright.api.ApiSecurity.ApiUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The first handler of every route: establishes the {@link Caller} from HTTP Basic credentials
 * (users from configuration) or a bearer JWT (HS256), answers 401 with a {@code WWW-Authenticate}
 * challenge when they are missing or wrong, and 403 when a tenant user reaches for an operator API.
 * {@code /health} stays public.
 *
 * <p>Tenant users may use the Ditto routes (things, search, policies); everything else (the Hono
 * device-management API under {@code /v1}, alerts, work orders, quarantine, audit, SPARQL, and
 * whatever operator API comes next) needs the operator role, so a new route is closed by default.
 */
public final class Authentication {
  private static final String REALM = "Basic realm=\"twinwright\"";
  private static final Set<String> TENANT_PREFIXES =
      Set.of("/api/2/things", "/api/2/search/things", "/api/2/policies");
  private static final int MAX_VERIFIED = 10_000;

  private final ApiSecurity security;
  private final WorkerExecutor worker;
  private final Optional<JWTAuth> jwt;
  // PBKDF2 is deliberately slow: remember credentials already verified (by digest, never plain)
  // so a client sending Basic on every request pays the hash once.
  private final ConcurrentHashMap<String, String> verified = new ConcurrentHashMap<>();

  public Authentication(Vertx vertx, ApiSecurity security, WorkerExecutor worker) {
    this.security = security;
    this.worker = worker;
    this.jwt =
        security
            .jwtSecret()
            .map(
                secret ->
                    JWTAuth.create(
                        vertx,
                        new JWTAuthOptions()
                            .addPubSecKey(
                                new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))));
  }

  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (!security.required()) {
      Caller.UNRESTRICTED.attachTo(ctx);
      ctx.next();
      return;
    }
    if ("/health".equals(path)) {
      ctx.next();
      return;
    }
    Future<Caller> caller = callerOf(ctx.request());
    caller
        .onSuccess(
            c -> {
              if (!c.operator() && TENANT_PREFIXES.stream().noneMatch(p -> under(path, p))) {
                ctx.fail(
                    new ApiException(
                        403,
                        "api:operator.required",
                        "The path " + path + " is reserved to operators.",
                        "Use an account with the operator role."));
                return;
              }
              c.attachTo(ctx);
              ctx.next();
            })
        .onFailure(
            e -> {
              ctx.response().putHeader("WWW-Authenticate", challenge());
              ctx.fail(e);
            });
  }

  /**
   * Who sent a request, by its Authorization header; fails with 401. Also for requests that are not
   * routed through {@link #handle}, such as a WebSocket upgrade.
   */
  public Future<Caller> callerOf(HttpServerRequest request) {
    if (!security.required()) {
      return Future.succeededFuture(Caller.UNRESTRICTED);
    }
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      return Future.failedFuture(unauthorized("The request carries no credentials."));
    } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basic(header.substring(6).strip());
    } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return bearer(header.substring(7).strip());
    }
    return Future.failedFuture(
        unauthorized("The Authorization scheme is neither Basic nor Bearer."));
  }

  private Future<Caller> basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(unauthorized("The Basic credentials are not valid Base64."));
    }
    int colon = decoded.indexOf(':');
    if (colon < 1) {
      return Future.failedFuture(unauthorized("The Basic credentials are not user:password."));
    }
    String name = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    ApiUser user = security.users().get(name);
    if (user == null) {
      return Future.failedFuture(unauthorized("Wrong user name or password."));
    }
    String digest = digest(name + '\0' + password);
    if (digest.equals(verified.get(name))) {
      return Future.succeededFuture(callerOf(user));
    }
    return worker
        .executeBlocking(() -> user.password().matches(password))
        .compose(
            ok -> {
              if (!ok) {
                return Future.failedFuture(unauthorized("Wrong user name or password."));
              }
              if (verified.size() < MAX_VERIFIED) {
                verified.put(name, digest);
              }
              return Future.succeededFuture(callerOf(user));
            });
  }

  private static Caller callerOf(ApiUser user) {
    return new Caller(
        "nginx:" + user.name(),
        user.tenant(),
        user.operator(),
        ApiSecurity.ALL_TENANTS.equals(user.tenant()));
  }

  private Future<Caller> bearer(String token) {
    if (jwt.isEmpty()) {
      return Future.failedFuture(unauthorized("Bearer tokens are not accepted here."));
    }
    return jwt.get()
        .authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(unauthorized("The bearer token is not valid.")))
        .compose(this::fromToken);
  }

  private Future<Caller> fromToken(User user) {
    JsonObject claims = user.principal();
    if (claims == null || !claims.containsKey("sub")) {
      claims = user.attributes().getJsonObject("accessToken", new JsonObject());
    }
    String sub = claims.getValue("sub") instanceof String s ? s : null;
    String tenant = claims.getValue("tenant") instanceof String t ? t : null;
    if (sub == null || sub.isBlank() || tenant == null || tenant.isBlank()) {
      return Future.failedFuture(
          unauthorized("The bearer token needs the claims 'sub' and 'tenant'."));
    }
    JsonArray roles = claims.getValue("roles") instanceof JsonArray r ? r : new JsonArray();
    try {
      return Future.succeededFuture(
          new Caller(security.jwtIssuer() + ":" + sub, tenant, roles.contains("operator"), false));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(unauthorized("The bearer token's claims are not valid."));
    }
  }

  private String challenge() {
    return jwt.isPresent() ? REALM + ", Bearer realm=\"twinwright\"" : REALM;
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  private static ApiException unauthorized(String message) {
    return new ApiException(
        401,
        "gateway:authentication.failed",
        message,
        "Authenticate with HTTP Basic (user:password) or a bearer JWT.");
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
