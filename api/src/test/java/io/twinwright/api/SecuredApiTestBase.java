package io.twinwright.api;

import io.twinwright.adapters.registry.PasswordHash;
import io.twinwright.api.ApiSecurity.ApiUser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The API with authentication required: Basic users alice, bob and carol of tenant {@code acme},
 * mallory of tenant {@code evil}, the operator {@code op}, and bearer tokens signed with {@link
 * #JWT_SECRET}. Requests are made synchronously from the test thread.
 */
abstract class SecuredApiTestBase extends ApiTestBase {
  static final String JWT_SECRET = "a-test-secret-of-at-least-32-characters";
  static final String PASSWORD = "s3cret-pw";

  @Override
  protected ApiConfig config() {
    SecureRandom random = new SecureRandom();
    List<ApiUser> users =
        List.of(
            new ApiUser("alice", PasswordHash.pbkdf2(PASSWORD, 1_000, random), "acme", false),
            new ApiUser("bob", PasswordHash.pbkdf2(PASSWORD, 1_000, random), "acme", false),
            new ApiUser("carol", PasswordHash.pbkdf2(PASSWORD, 1_000, random), "acme", false),
            new ApiUser("mallory", PasswordHash.pbkdf2(PASSWORD, 1_000, random), "evil", false),
            new ApiUser("op", PasswordHash.pbkdf2(PASSWORD, 1_000, random), "acme", true));
    return super.config().withSecurity(ApiSecurity.required(users, Optional.of(JWT_SECRET)));
  }

  /** A request as a Basic user ({@code null}: no credentials), answered within 10 s. */
  protected HttpResponse<Buffer> call(HttpMethod method, String path, String user, String body)
      throws Exception {
    HttpRequest<Buffer> request = client.request(method, path);
    if (user != null) {
      request.basicAuthentication(user, PASSWORD);
    }
    return send(request, body);
  }

  protected HttpResponse<Buffer> send(HttpRequest<Buffer> request, String body) throws Exception {
    return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  /** A bearer token as an independent issuer would sign it. */
  protected static String token(Vertx vertx, String secret, io.vertx.core.json.JsonObject claims) {
    JWTAuth issuer =
        JWTAuth.create(
            vertx,
            new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return issuer.generateToken(
        claims, new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(300));
  }
}
