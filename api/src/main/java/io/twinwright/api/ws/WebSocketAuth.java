package io.twinwright.api.ws;

import io.twinwright.api.ApiException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Decides whether a WebSocket upgrade request may open a session, and as whom. The one place the
 * endpoint asks, so the API's authentication layer can take over here.
 */
@FunctionalInterface
public interface WebSocketAuth {

  /**
   * @return the authenticated subject, or a failed future with an {@link ApiException} (401)
   */
  Future<String> authenticate(HttpServerRequest request);

  /**
   * Until the API authenticates its callers: any well-formed Basic credentials (the subject is the
   * user name) and anonymous requests are let in; other or malformed credentials are refused.
   */
  static WebSocketAuth anyBasicCredentials() {
    return request -> {
      String header = request.getHeader(HttpHeaders.AUTHORIZATION);
      if (header == null) {
        return Future.succeededFuture("anonymous");
      }
      if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
        try {
          String decoded =
              new String(
                  Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
          int colon = decoded.indexOf(':');
          if (colon > 0) {
            return Future.succeededFuture(decoded.substring(0, colon));
          }
        } catch (IllegalArgumentException e) {
          // not Base64: refused below
        }
      }
      return Future.failedFuture(
          new ApiException(
              401,
              "gateway:authentication.failed",
              "The Authorization header could not be understood.",
              "Send Basic credentials (Authorization: Basic base64(user:password))."));
    };
  }
}
