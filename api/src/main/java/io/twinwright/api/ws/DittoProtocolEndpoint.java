package io.twinwright.api.ws;

import io.twinwright.api.things.ThingAccess;
import io.twinwright.twin.TwinService;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.ditto.protocol.adapter.DittoProtocolAdapter;

/**
 * {@code GET /ws/2}: Ditto's WebSocket endpoint. Upgrade requests are authenticated by the {@link
 * WebSocketAuth} hook; each connection is a {@link ProtocolSession}. Mount it before any handler
 * that reads request bodies, since an upgrade must find the request unread.
 */
public final class DittoProtocolEndpoint {
  public static final String PATH = "/ws/2";

  private final TwinService twins;
  private final ThingAccess access;
  private final int queueLimit;
  private final WebSocketAuth auth;
  private final DittoProtocolAdapter adapter = DittoProtocolAdapter.newInstance();
  private final Set<ProtocolSession> open = ConcurrentHashMap.newKeySet();

  /**
   * @param queueLimit events one client may have in flight before it counts as too slow
   */
  public DittoProtocolEndpoint(
      TwinService twins, ThingAccess access, int queueLimit, WebSocketAuth auth) {
    if (queueLimit < 1) {
      throw new IllegalArgumentException("queueLimit must be positive");
    }
    this.twins = twins;
    this.access = access;
    this.queueLimit = queueLimit;
    this.auth = auth;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::upgrade);
  }

  /** Connections currently open. */
  public int openSessions() {
    return open.size();
  }

  /** Closes every connection. */
  public void closeAll() {
    open.forEach(ProtocolSession::close);
  }

  private void upgrade(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader(HttpHeaders.UPGRADE);
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      ctx.next();
      return;
    }
    // checking credentials may take a worker's time: hold the request unread until it is done,
    // since an upgrade must find it so
    ctx.request().pause();
    auth.authenticate(ctx.request())
        .compose(caller -> ctx.request().toWebSocket().map(socket -> Map.entry(caller, socket)))
        .onSuccess(
            opened -> {
              ServerWebSocket socket = opened.getValue();
              ProtocolSession[] session = new ProtocolSession[1];
              session[0] =
                  new ProtocolSession(
                      socket,
                      ctx.vertx().getOrCreateContext(),
                      twins,
                      access,
                      opened.getKey(),
                      adapter,
                      queueLimit,
                      () -> open.remove(session[0]));
              open.add(session[0]);
              session[0].start();
            })
        .onFailure(
            e -> {
              if (!ctx.response().headWritten()) {
                ctx.fail(e);
              }
            });
  }
}
