package io.twinwright.api;

import io.twinwright.api.alerts.AlertRoutes;
import io.twinwright.api.audit.AuditRoutes;
import io.twinwright.api.auth.Authentication;
import io.twinwright.api.campaigns.CampaignRoutes;
import io.twinwright.api.http.ErrorResponder;
import io.twinwright.api.http.ServerSentEvents;
import io.twinwright.api.operations.OperationsRoutes;
import io.twinwright.api.policies.Enforcement;
import io.twinwright.api.policies.PolicyRoutes;
import io.twinwright.api.quarantine.QuarantineRoutes;
import io.twinwright.api.registry.RegistryRoutes;
import io.twinwright.api.sparql.SparqlRoutes;
import io.twinwright.api.things.DeltaRoutes;
import io.twinwright.api.things.HistoryRoutes;
import io.twinwright.api.things.InboxRoutes;
import io.twinwright.api.things.SearchRoutes;
import io.twinwright.api.things.ThingAccess;
import io.twinwright.api.things.ThingEventStreams;
import io.twinwright.api.things.ThingRoutes;
import io.twinwright.api.workorders.WorkOrderRoutes;
import io.twinwright.api.ws.DittoProtocolEndpoint;
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
  // SPARQL queries may run up to the graph's time limit: their own pool keeps them from starving
  // the other routes' workers.
  private static final String SPARQL_POOL = "twinwright-api-sparql";

  private final ApiConfig config;
  private final TwinService twins;
  private final DeviceManagement devices;
  private final AlertOperations alerts;
  private final Supplier<JsonObject> status;
  private final ApiPorts ports;
  private final ThingEventStreams streams;
  private final Enforcement enforcement;
  private final ServerSentEvents<AlertView> alertStreams;
  private final DittoProtocolEndpoint webSockets;
  private Authentication authentication;
  private final ServerSentEvents<JsonObject> campaignStreams;
  private WorkerExecutor worker;
  private WorkerExecutor sparqlWorker;
  private HttpServer server;

  ApiVerticle(
      ApiConfig config,
      TwinService twins,
      DeviceManagement devices,
      AlertOperations alerts,
      Supplier<JsonObject> status,
      ApiPorts ports) {
    this.config = config;
    this.twins = twins;
    this.devices = devices;
    this.alerts = alerts;
    this.status = status;
    this.ports = ports;
    this.enforcement = new Enforcement(ports.policies().orElseGet(PolicyStore::inMemory));
    this.streams = new ThingEventStreams(twins, config.eventStreamQueueLimit(), enforcement);
    this.alertStreams = new ServerSentEvents<>(config.eventStreamQueueLimit());
    this.webSockets =
        new DittoProtocolEndpoint(
            twins,
            new ThingAccess(enforcement),
            config.eventStreamQueueLimit(),
            request -> authentication.callerOf(request));
    this.campaignStreams = new ServerSentEvents<>(config.eventStreamQueueLimit());
  }

  @Override
  public Future<?> start() {
    worker = vertx.createSharedWorkerExecutor(WORKER_POOL, config.workerPoolSize());
    authentication = new Authentication(vertx, config.security(), worker);
    Router router = Router.router(vertx);
    // before the body handler: an upgrade must find the request unread
    webSockets.mount(router);
    router.route().handler(BodyHandler.create(false).setBodyLimit(config.maxBodyBytes()));
    // after the body handler, which must see the request before anything asynchronous happens
    router.route().handler(authentication::handle);
    sparqlWorker = vertx.createSharedWorkerExecutor(SPARQL_POOL, config.workerPoolSize());
    new PolicyRoutes(enforcement).mount(router);
    new ThingRoutes(config, twins, streams, enforcement).mount(router);
    new SearchRoutes(config, twins, worker, enforcement).mount(router);
    new DeltaRoutes(config, twins, worker, enforcement).mount(router);
    new RegistryRoutes(devices).mount(router);
    new AlertRoutes(alerts, worker, alertStreams).mount(router);
    ports.workOrders().ifPresent(p -> new WorkOrderRoutes(p, worker).mount(router));
    ports.quarantine().ifPresent(p -> new QuarantineRoutes(p, worker).mount(router));
    ports.audit().ifPresent(p -> new AuditRoutes(config, p, worker).mount(router));
    ports.sparql().ifPresent(p -> new SparqlRoutes(p, sparqlWorker).mount(router));
    ports.commands().ifPresent(p -> new InboxRoutes(twins, p, enforcement).mount(router));
    ports.history().ifPresent(p -> new HistoryRoutes(twins, p, worker, enforcement).mount(router));
    ports.campaigns().ifPresent(p -> new CampaignRoutes(p, worker, campaignStreams).mount(router));
    new OperationsRoutes(status, this::openEventStreams, worker).mount(router);

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
    alertStreams.closeAll();
    webSockets.closeAll();
    campaignStreams.closeAll();
    return server.close().eventually(() -> worker.close()).eventually(() -> sparqlWorker.close());
  }

  int port() {
    return server.actualPort();
  }

  int openEventStreams() {
    return streams.openStreams() + alertStreams.openStreams() + campaignStreams.openStreams();
  }
}
