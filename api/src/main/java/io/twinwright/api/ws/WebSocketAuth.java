package io.twinwright.api.ws;

import io.twinwright.api.ApiException;
import io.twinwright.api.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * Decides whether a WebSocket upgrade request may open a session, and as whom: the session's
 * commands and events are then enforced for that caller as the HTTP API's are.
 */
@FunctionalInterface
public interface WebSocketAuth {

  /**
   * @return the authenticated caller, or a failed future with an {@link ApiException} (401)
   */
  Future<Caller> authenticate(HttpServerRequest request);
}
