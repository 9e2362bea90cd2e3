package io.twinwright.api;

import io.twinwright.api.http.ErrorResponder;
import io.twinwright.api.operations.OperationsRoutes;
import io.twinwright.api.registry.RegistryRoutes;
import io.twinwright.api.things.ThingEventStreams;
import io.twinwright.api.things.ThingRoutes;
import io.twinwright.twin.TwinService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the router and runs the HTTP server on one event loop context. */
final class ApiVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);
  private static final String WORKER_POOL = "twinwright-api-worker";

  private final ApiConfig config;
  private final TwinService twins;
  private final DeviceManagement devices;
  private final AlertQueries alerts;
  private final Supplier<JsonObject> status;
  private final ThingEventStreams streams;
  private WorkerExecutor worker;
  private HttpServer server;

  ApiVerticle(
      ApiConfig config,
      TwinService twins,
      DeviceManagement devices,
      AlertQueries alerts,
      Supplier<JsonObject> status) {
    this.config = config;
    this.twins = twins;
    this.devices = devices;
    this.alerts = alerts;
    this.status = status;
    this.streams = new ThingEventStreams(twins, config.eventStreamQueueLimit());
  }

  @Override
  public Future<?> start() {
    worker = vertx.createSharedWorkerExecutor(WORKER_POOL, config.workerPoolSize());
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    new ThingRoutes(config, twins, worker, streams).mount(router);
    new RegistryRoutes(devices).mount(router);
    new OperationsRoutes(alerts, status, streams::openStreams, worker).mount(router);

    ErrorResponder errors = new ErrorResponder();
    router.route().failureHandler(errors::handle);
    // Unmatched paths and methods never reach a route's failure handler.
    router.errorHandler(404, errors::handle);
    router.errorHandler(405, errors::handle);

    server =
        vertx.createHttpServer(
            new HttpServerOptions().setHost(config.host()).setPort(config.port()));
    return server
        .requestHandler(router)
        .listen()
        .onSuccess(s -> LOG.info("API listening on {}:{}", config.host(), s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    streams.closeAll();
    return server.close().eventually(() -> worker.close());
  }

  int port() {
    return server.actualPort();
  }

  int openEventStreams() {
    return streams.openStreams();
  }
}
