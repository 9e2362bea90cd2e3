package io.twinwright.api;

import io.twinwright.twin.TwinService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The HTTP API server: Ditto-compatible twin routes, Hono-compatible registry management routes and
 * platform routes on one port.
 *
 * <pre>{@code
 * ApiServer api = new ApiServer(ApiConfig.defaults(), twins, devices, alertOperations, status,
 *     ApiPorts.none().withWorkOrders(orders).withAudit(audit));
 * api.start(vertx).onSuccess(port -> log.info("API on {}", port));
 * ...
 * api.stop();
 * }</pre>
 */
public final class ApiServer {
  private final ApiVerticle verticle;
  private Vertx vertx;
  private String deploymentId;

  /**
   * @param config where to listen and the limits
   * @param twins the hot twins
   * @param devices the device registry behind {@code /v1}
   * @param alerts the alerts behind {@code /api/2/alerts}
   * @param status platform status for {@code /health} (e.g. {@code twins}, {@code devices}, {@code
   *     connections}, {@code messages}); called on a worker thread
   */
  public ApiServer(
      ApiConfig config,
      TwinService twins,
      DeviceManagement devices,
      AlertQueries alerts,
      Supplier<JsonObject> status) {
    this(
        config,
        twins,
        devices,
        AlertOperations.readOnly(Objects.requireNonNull(alerts, "alerts")),
        status,
        ApiPorts.none());
  }

  /**
   * A server with the operator APIs: the alert life cycle and whichever optional ports are bound.
   *
   * @param config where to listen and the limits
   * @param twins the hot twins (also written by the attribute routes)
   * @param devices the device registry behind {@code /v1}
   * @param alerts the alert book behind {@code /api/2/alerts}
   * @param status platform status for {@code /health}; called on a worker thread
   * @param ports work orders, quarantine, audit log and SPARQL, each optional
   */
  public ApiServer(
      ApiConfig config,
      TwinService twins,
      DeviceManagement devices,
      AlertOperations alerts,
      Supplier<JsonObject> status,
      ApiPorts ports) {
    this.verticle =
        new ApiVerticle(
            Objects.requireNonNull(config, "config"),
            Objects.requireNonNull(twins, "twins"),
            Objects.requireNonNull(devices, "devices"),
            Objects.requireNonNull(alerts, "alerts"),
            Objects.requireNonNull(status, "status"),
            Objects.requireNonNull(ports, "ports"));
  }

  /**
   * Starts listening; completes with the bound port (useful when the configured port is 0). A
   * server starts once; create a new one to listen again after {@link #stop()}.
   */
  public synchronized Future<Integer> start(Vertx vertx) {
    if (this.vertx != null) {
      return Future.failedFuture(new IllegalStateException("API server already started"));
    }
    this.vertx = vertx;
    return vertx
        .deployVerticle(verticle)
        .map(
            id -> {
              synchronized (this) {
                deploymentId = id;
              }
              return verticle.port();
            });
  }

  /** Closes open event streams and stops listening. */
  public synchronized Future<Void> stop() {
    if (deploymentId == null) {
      return Future.succeededFuture();
    }
    String id = deploymentId;
    deploymentId = null;
    return vertx.undeploy(id);
  }

  /** Server-sent event streams currently open (twin and alert streams). */
  public int openEventStreams() {
    return verticle.openEventStreams();
  }
}
