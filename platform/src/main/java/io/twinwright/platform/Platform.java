package io.twinwright.platform;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.DeviceEventListener;
import io.twinwright.adapters.coap.CoapAdapter;
import io.twinwright.adapters.command.CommandService;
import io.twinwright.adapters.http.HttpAdapter;
import io.twinwright.adapters.limits.DeviceLimits;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.api.ApiConfig;
import io.twinwright.api.ApiPorts;
import io.twinwright.api.ApiSecurity;
import io.twinwright.api.ApiServer;
import io.twinwright.ontology.OntologyConfig;
import io.twinwright.ontology.ProfileCatalog;
import io.twinwright.ontology.graph.TwinGraph;
import io.twinwright.ontology.graph.TwinGraphConfig;
import io.twinwright.ontology.vocab.Vocabulary;
import io.twinwright.platform.alerts.AlertService;
import io.twinwright.platform.alerts.ApiAlerts;
import io.twinwright.platform.audit.ApiAudit;
import io.twinwright.platform.audit.AuditConfig;
import io.twinwright.platform.audit.AuditLog;
import io.twinwright.platform.audit.AuditRecord;
import io.twinwright.platform.campaigns.ApiCampaigns;
import io.twinwright.platform.campaigns.CampaignService;
import io.twinwright.platform.campaigns.CommandPortBinding;
import io.twinwright.platform.campaigns.MongoCampaignStore;
import io.twinwright.platform.config.ConfigException;
import io.twinwright.platform.config.ConfigKey;
import io.twinwright.platform.config.PlatformConfig;
import io.twinwright.platform.desired.DesiredStateReconciler;
import io.twinwright.platform.liveness.ConnectivityTracker;
import io.twinwright.platform.policies.MongoPolicyStore;
import io.twinwright.platform.semantic.SemanticSync;
import io.twinwright.platform.semantic.SparqlEndpoint;
import io.twinwright.platform.store.EmbeddedStore;
import io.twinwright.platform.wiring.ApiCommands;
import io.twinwright.platform.wiring.ApiHistory;
import io.twinwright.platform.wiring.ContentWatcher;
import io.twinwright.platform.wiring.MessagePipeline;
import io.twinwright.platform.wiring.MqttEndpoints;
import io.twinwright.platform.wiring.PlatformActions;
import io.twinwright.platform.wiring.QuarantineService;
import io.twinwright.platform.wiring.RegistryManagement;
import io.twinwright.platform.workorders.ApiWorkOrders;
import io.twinwright.platform.workorders.WebhookExporter;
import io.twinwright.platform.workorders.WorkOrderConfig;
import io.twinwright.platform.workorders.WorkOrderService;
import io.twinwright.rules.Alert;
import io.twinwright.rules.AuditSink;
import io.twinwright.rules.RuleEngine;
import io.twinwright.rules.RulesConfig;
import io.twinwright.rules.SessionClockMode;
import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.MonitoringPolicy;
import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.rules.maintenance.AssetMember;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.HistorySink;
import io.twinwright.twin.TenantId;
import io.twinwright.twin.TwinConfig;
import io.twinwright.twin.TwinEvent;
import io.twinwright.twin.TwinService;
import io.twinwright.twin.history.HistoryConfig;
import io.twinwright.twin.history.PropertyHistory;
import io.twinwright.twin.model.ThingModel;
import io.twinwright.twin.model.ThingModelCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the embedded platform: one JVM, state under the data directory. It wires
 * store → twins → rules → adapters → API in that order and tears them down in reverse.
 */
public final class Platform implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

  /** The model a device gets when its registration names none. */
  public static final String DEFAULT_MODEL = "io.twinwright:environment-sensor:1.0.0";

  /**
   * The ports the platform actually listens on.
   *
   * @param mqttTls MQTT over TLS; 0 when no certificate is configured
   */
  public record Ports(int mqtt, int http, int api, int coap, int coaps, int mqttTls) {}

  private final PlatformConfig config;
  private final long t0 = System.nanoTime();
  // main-thread startup time per phase, logged once the platform serves
  private final StringBuilder phases = new StringBuilder();
  private long phaseStart = t0;
  private final Map<String, CompletableFuture<Void>> background =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  private final Clock clock = Clock.systemUTC();
  private Vertx vertx;
  private EmbeddedStore store;
  private PropertyHistory history;
  private MongoPolicyStore policies;
  private TwinService twins;
  private AlertService alerts;
  private DeviceRegistry registry;
  private CommandService commands;
  private DesiredStateReconciler desired;
  private RuleEngine rules;
  private ProfileCatalog profiles;
  private TwinGraph graph;
  private SemanticSync semantic;
  private AuditLog audit;
  private WorkOrderService workOrders;
  private ContentWatcher contentWatcher;
  private ConnectivityTracker connectivity;
  private MessagePipeline pipeline;
  private MqttEndpoints mqtt;
  private HttpAdapter http;
  private volatile CoapAdapter coap;
  private ApiServer api;
  private Ports ports;
  private CampaignService campaigns;

  private Platform(PlatformConfig config) {
    this.config = config;
  }

  /** Starts the whole platform and returns once every endpoint is listening. */
  public static Platform start(PlatformConfig config) {
    // refuse a security misconfiguration before anything is opened
    ApiSecurity security = apiSecurity(config);
    if (!security.required()) {
      LOG.warn("api-auth=none: the HTTP API is open to anyone who can reach its port");
    }
    Platform platform = new Platform(config);
    try {
      platform.startAll();
      return platform;
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  private void startAll() {
    java.util.concurrent.ExecutorService startupPool =
        java.util.concurrent.Executors.newFixedThreadPool(4, r -> new Thread(r, "startup-loader"));
    try {
      startComponents(startupPool);
    } finally {
      startupPool.shutdown();
    }
  }

  private void startComponents(java.util.concurrent.ExecutorService startupPool) {
    Optional<Path> content = config.contentDir();
    ThingModelCatalog catalog = ThingModelCatalog.load(content.map(p -> p.resolve("models")));
    OntologyConfig ontologyConfig =
        content
            .map(c -> OntologyConfig.forContent(c, config.decimals()))
            .orElse(OntologyConfig.defaults().withDecimals(config.decimals()));
    // vendor profiles (an ontology to read and reason over) are needed only once devices talk
    CompletableFuture<ProfileCatalog> profilesLoaded =
        CompletableFuture.supplyAsync(() -> ProfileCatalog.load(ontologyConfig), startupPool);

    vertx = Vertx.vertx();
    store = EmbeddedStore.open(config.dataDir(), config.mongoUri());
    phase("store");
    if (config.historyEnabled()) {
      history =
          new PropertyHistory(
              store.database(),
              store::commit,
              HistoryConfig.defaults()
                  .withRetention(config.historyRetention())
                  .withFlushInterval(config.deferredWriteWindow()),
              clock);
      history.start();
    }
    twins =
        new TwinService(
            TwinConfig.defaults().withDeferredWriteWindow(config.deferredWriteWindow()),
            store.twinRepository(),
            clock,
            new io.twinwright.twin.model.ThingModelValidator(() -> catalog),
            history == null ? HistorySink.NONE : history);
    alerts = new AlertService(store.database(), store::commit, clock);
    policies = new MongoPolicyStore(store.database(), store::commit);
    policies.start();
    AdapterConfig adapterConfig =
        AdapterConfig.defaults()
            .withHost(config.host())
            .withPorts(config.mqttPort(), config.httpPort())
            .withCoapPorts(config.coapPort(), config.coapsPort())
            .withCoapAllowUnauthenticated(config.coapAllowUnauthenticated())
            .withMaxPayloadBytes(config.maxPayloadBytes())
            .withCommands(config.commandTtl(), config.maxTtd())
            .withLimits(
                new AdapterConfig.Limits(
                    config.deviceRateLimit(),
                    config.tenantRateLimit(),
                    config.tenantMaxConnections(),
                    config.loginThrottle(),
                    config.authFailureWindow()));
    if (config.tlsCert().isPresent()) {
      adapterConfig =
          adapterConfig.withTls(
              config.mqttTlsPort(), config.tlsCert().get(), config.tlsKey().orElseThrow());
    }
    registry = new DeviceRegistry(vertx, store.database(), adapterConfig);
    commands =
        new CommandService(
            vertx, store.database(), store::commit, clock, adapterConfig.commandTtl());

    audit = new AuditLog(store.database(), store::commit, AuditConfig.defaults());
    workOrders =
        new WorkOrderService(
            store.database(),
            store::commit,
            clock,
            new WebhookExporter(vertx, workOrderConfig(), clock));
    mqtt = new MqttEndpoints(vertx);
    PlatformActions actions =
        new PlatformActions(
            alerts, registry, mqtt::closeConnections, twins, workOrders::open, commands, clock);
    AuditSink auditSink =
        e ->
            audit.append(
                new AuditRecord(
                    e.at(), e.rule(), e.action(), e.thingId(), e.findings(), e.outcome()));

    // Restart time is dominated by turning the stored twins back into Ditto things and reading the
    // rule packs back. The twins are read at once and parsed in the background (a twin asked for
    // first is parsed on the spot); rule packs that changed since the last run compile beside that,
    // and packs in the cache are read back once the twins are parsed (both need the same cores).
    // The engines take inputs at once and queue them in order until they are ready, so the
    // platform serves meanwhile; the health lists what is still starting.
    CompletableFuture<Void> twinsParsed = new CompletableFuture<>();
    rules =
        RuleEngine.starting(rulesConfig(), actions, auditSink, SessionClockMode.REAL, twinsParsed);
    Future<Void> registryLoaded = registry.start();
    Future<Void> outboxLoaded = commands.start();
    CompletableFuture<Void> alertsLoaded = CompletableFuture.runAsync(alerts::start, startupPool);
    twins.start();
    CompletableFuture<Void> parsed = twins.loaded();
    parsed.whenComplete((v, e) -> twinsParsed.complete(null));
    inBackground("twins", parsed);
    phase("twins");
    CompletableFuture<TwinGraph> graphBuilt =
        CompletableFuture.supplyAsync(
            () -> new TwinGraph(TwinGraphConfig.defaults(), Vocabulary.bundled()), startupPool);
    campaigns =
        new CampaignService(
            new MongoCampaignStore(store.database(), store::commit),
            twins,
            CommandPortBinding.to(commands, clock),
            rulesConfig(),
            auditSink,
            clock);
    join(alertsLoaded);
    await(registryLoaded);
    await(outboxLoaded);
    audit.start();
    workOrders.start();
    phase("stores");
    rules.setSecurityPolicy(
        new SecurityPolicy(config.maxAuthFailures(), config.authFailureWindow()));
    rules.setMonitoringPolicy(
        new MonitoringPolicy(
            config.silenceFactor(), MonitoringPolicy.defaults().defaultHysteresis()));
    for (ThingModel model : catalog.all()) {
      rules.defineModel(limitsOf(model));
    }
    // the twins with open alerts are known to the rules, with their alerts, before any reading
    // arrives: the rules that raise an alert stay quiet while it is open
    Instant now = clock.instant();
    for (Alert open : alerts.list(Optional.empty(), Optional.empty())) {
      if (open.state() != Alert.State.CLEARED) {
        twins.get(open.thingId()).ifPresent(t -> register(t, now));
        rules.restoreAlert(open.thingId(), open.code());
      }
    }
    twins.subscribe(this::onTwinEvent);
    twins.subscribe(campaigns::onTwinEvent);
    CompletableFuture<Void> campaignsStarted = campaigns.startInBackground(config.rulesTick());
    inBackground("campaigns", campaignsStarted);
    workOrders.subscribe(
        w -> {
          if (w.state() == io.twinwright.platform.workorders.WorkOrder.State.DONE) {
            rules.onWorkOrderClosed(w.thingId(), w.kind());
          }
        });

    profiles = join(profilesLoaded);
    pipeline = new MessagePipeline(profiles, twins);
    connectivity = new ConnectivityTracker(twins, clock, config.lastSeenInterval());
    // once the twins are parsed: every twin is made known to the rules (and counts as seen now),
    // and the liveness of devices that were online before the restart is reset
    CompletableFuture<Void> fleetRestored =
        parsed.thenRunAsync(
            () -> {
              Instant at = clock.instant();
              twins.all().forEach(t -> register(t, at));
              connectivity.resetAfterRestart();
            },
            task -> daemon("fleet-restore", task).start());
    inBackground("rules", CompletableFuture.allOf(rules.ready(), fleetRestored));
    DeviceEventListener listener =
        new DeviceEventListener() {
          @Override
          public void authenticationFailed(
              TenantId tenant,
              String authId,
              Optional<DeviceId> device,
              String remote,
              Instant at) {
            device.ifPresent(d -> rules.onAuthFailure(d, at, remote));
          }

          @Override
          public void connected(DeviceId device, String protocol, String remote, Instant at) {
            rules.onConnectivity(device, true, remote, device.id(), at);
            connectivity.connected(device, protocol, remote, at);
            campaigns.onConnectivity(device.thingId(), true);
          }

          @Override
          public void disconnected(DeviceId device, String protocol, Instant at) {
            rules.onConnectivity(device, false, "", device.id(), at);
            connectivity.disconnected(device, protocol, at);
            campaigns.onConnectivity(device.thingId(), false);
          }

          @Override
          public void commandReadiness(DeviceId device, String protocol, int ttd, Instant at) {
            connectivity.commandReadiness(device, protocol, ttd, at);
          }

          @Override
          public void seen(DeviceId device, String protocol, Instant at) {
            connectivity.seen(device, at);
          }

          @Override
          public void rateLimited(DeviceId device, String kind, Instant at) {
            rules.onRateLimited(device, at);
          }

          @Override
          public void provisioned(
              DeviceId device, Registration registration, String origin, Instant at) {
            onProvisioned(device, registration, origin, at);
          }
        };
    DeviceLimits limits = new DeviceLimits(adapterConfig.limits());
    http = new HttpAdapter(vertx, adapterConfig, registry, pipeline, listener, commands, limits);
    // the listeners come up side by side; each is awaited once all have been asked to start
    Future<Integer> mqttStarted =
        mqtt.start(
            config.mqttInstances(), adapterConfig, registry, pipeline, listener, commands, limits);
    Future<Integer> httpStarted = http.start();
    // setting up Californium (its configuration, DTLS) takes a second of the main thread otherwise
    AdapterConfig coapConfig = adapterConfig;
    CompletableFuture<Void> coapStarted =
        CompletableFuture.runAsync(
            () -> {
              coap =
                  new CoapAdapter(
                      vertx, coapConfig, registry, pipeline, commands, listener, limits);
              await(coap.start());
            },
            startupPool);
    graph = join(graphBuilt);
    phase("adapters");
    semantic = new SemanticSync(graph, twins, catalog, profiles);
    QuarantineService quarantine =
        new QuarantineService(
            registry,
            twins,
            thingId -> rules.onQuarantineReleased(thingId),
            (thingId, note) ->
                audit.append(
                    new AuditRecord(
                        clock.instant(),
                        "operator",
                        "release",
                        thingId,
                        note.map(n -> Map.of("note", n)).orElse(Map.of()),
                        "released")),
            clock);

    ApiConfig apiConfig =
        ApiConfig.defaults()
            .withHost(config.host())
            .withPort(config.apiPort())
            .withSecurity(apiSecurity(config));
    ApiPorts apiPorts =
        ApiPorts.none()
            .withWorkOrders(new ApiWorkOrders(workOrders))
            .withAudit(new ApiAudit(audit))
            .withQuarantine(quarantine)
            .withSparql(new SparqlEndpoint(graph, registry))
            .withCommands(new ApiCommands(commands, registry))
            .withPolicies(policies)
            .withCampaigns(new ApiCampaigns(campaigns));
    if (history != null) {
      apiPorts = apiPorts.withHistory(new ApiHistory(history));
    }
    api =
        new ApiServer(
            apiConfig,
            twins,
            new RegistryManagement(registry, twins, DEFAULT_MODEL),
            new ApiAlerts(alerts),
            this::status,
            apiPorts);
    Future<Integer> apiStarted = api.start(vertx);
    phase("api");
    desired = new DesiredStateReconciler(vertx, twins, commands, clock, config.desiredRetry());
    Future<Void> desiredStarted = desired.start();
    int mqttPort = await(mqttStarted);
    int httpPort = await(httpStarted);
    join(coapStarted);
    int apiPort = await(apiStarted);
    // packs that were not in the cache (changed content, a new platform version) compiled while the
    // platform came up: one that does not compile stops the start, as it always did
    if (!rules.packsCached()) {
      join(rules.ready());
    }
    if (!campaigns.packsCached()) {
      join(campaigns.packLoaded());
    }
    inBackground("desired", desiredStarted.toCompletionStage().toCompletableFuture());
    phase("listening");
    // the graph is rebuilt from every twin at start: a background job that should not hold up
    // serving
    semantic.start(config.semanticSyncInterval());
    if (content.isPresent()) {
      try {
        contentWatcher =
            new ContentWatcher(
                List.of(content.get().resolve("profiles"), content.get().resolve("rules")),
                Duration.ofMillis(500),
                this::reloadContent);
      } catch (java.io.IOException e) {
        LOG.warn("content folder not watched, reload needs a restart: {}", e.toString());
      }
    }
    ports =
        new Ports(mqttPort, httpPort, apiPort, coap.coapPort(), coap.coapsPort(), mqtt.tlsPort());
    LOG.info(
        "Twinwright up in {} ms: MQTT {}{}, HTTP {}, API {}, CoAP {}, CoAPS {}; {} twins,"
            + " {} devices, profiles {}",
        (System.nanoTime() - t0) / 1_000_000,
        mqttPort,
        ports.mqttTls() == 0 ? "" : " (TLS " + ports.mqttTls() + ")",
        httpPort,
        apiPort,
        ports.coap(),
        ports.coaps(),
        twins.size(),
        registry.deviceCount(),
        profiles.get().profileIds());
    LOG.info("startup phases (ms): {}", phases);
  }

  /**
   * A device registered by zero-touch provisioning gets its twin before its first message is
   * applied (so the twin carries its model from the start), and an audit entry.
   */
  private void onProvisioned(
      DeviceId device, Registration registration, String origin, Instant at) {
    twins
        .ensure(device, registration.model().orElse(DEFAULT_MODEL))
        .exceptionally(
            e -> {
              LOG.warn("twin of provisioned device {} not stored: {}", device, e.toString());
              return null;
            });
    Map<String, String> findings = new HashMap<>();
    findings.put("origin", origin);
    findings.put("model", registration.model().orElse(DEFAULT_MODEL));
    if (!registration.via().isEmpty()) {
      findings.put("via", String.join(",", registration.via()));
    }
    audit.append(
        new AuditRecord(at, "auto-provisioning", "provision", device.thingId(), findings, "done"));
    LOG.info("device {} provisioned ({})", device, origin);
  }

  private RulesConfig rulesConfig() {
    RulesConfig rc =
        RulesConfig.defaults()
            .withPartitions(config.rulesPartitions())
            .withTickInterval(config.rulesTick())
            .withCacheDir(config.dataDir().resolve("rules-cache"));
    Optional<Path> packs =
        config.contentDir().map(p -> p.resolve("rules")).filter(java.nio.file.Files::isDirectory);
    return packs.isPresent() ? rc.withPackDir(packs.get()) : rc;
  }

  private void onTwinEvent(TwinEvent event) {
    if (event.kind() != TwinEvent.Kind.DELETED
        && event.attributePointers().stream().anyMatch(p -> p.startsWith("/asset"))) {
      twins.get(event.thingId()).ifPresent(this::assignAsset);
    }
    if (event.attributesOnly() || ConnectivityTracker.connectivityOnly(event)) {
      // an operator's attribute edit is not a sign of life from the device, nor is the
      // platform's own connectivity bookkeeping (the rules get connections first-hand)
      return;
    }
    if (event.kind() == TwinEvent.Kind.CREATED
        || event.kind() == TwinEvent.Kind.MODIFIED && event.changes().isEmpty()) {
      rules.registerTwin(event.thingId(), event.definition());
    } else {
      rules.onTwinEvent(event);
    }
  }

  /** Sensors of one asset ({@code attributes/asset}) are compared with each other by the rules. */
  private void assignAsset(org.eclipse.ditto.things.model.Thing thing) {
    String thingId = thing.getEntityId().orElseThrow().toString();
    assetOf(thing)
        .ifPresentOrElse(
            asset -> rules.putDeviceFact(thingId, "asset", new AssetMember(thingId, asset)),
            () -> rules.removeDeviceFact(thingId, "asset"));
  }

  private static Optional<String> assetOf(org.eclipse.ditto.things.model.Thing thing) {
    return thing
        .getAttributes()
        .flatMap(a -> a.getValue("asset"))
        .filter(org.eclipse.ditto.json.JsonValue::isString)
        .map(org.eclipse.ditto.json.JsonValue::asString);
  }

  /** Makes a twin known to the rules, and its sensors to the asset they belong to. */
  private void register(org.eclipse.ditto.things.model.Thing twin, Instant seen) {
    String thingId = twin.getEntityId().orElseThrow().toString();
    rules.registerTwin(thingId, twin.getDefinition().map(Object::toString).orElse(""), seen);
    assetOf(twin)
        .ifPresent(a -> rules.putDeviceFact(thingId, "asset", new AssetMember(thingId, a)));
  }

  private static Thread daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Components that finish starting after the platform serves (their inputs queue meanwhile): the
   * health shows them {@code starting}, and DOWN with the reason if one failed.
   */
  private void inBackground(String component, CompletableFuture<Void> started) {
    background.put(component, started);
    started.whenComplete(
        (v, e) -> {
          if (e != null) {
            LOG.error("{} failed to start: {}", component, e.toString());
          } else {
            LOG.info(
                "{} ready {} ms after the start", component, (System.nanoTime() - t0) / 1_000_000);
          }
        });
  }

  private static ModelLimits limitsOf(ThingModel model) {
    Map<String, Double> high = new HashMap<>();
    model.properties().forEach((name, spec) -> spec.highAlarm().ifPresent(v -> high.put(name, v)));
    return new ModelLimits(model.id(), model.expectedInterval(), high);
  }

  /**
   * Recompiles authored content and swaps it in atomically; invalid content is refused and the
   * running content kept. Called by the content watcher when files change.
   */
  public void reloadContent() {
    // profiles first: they compile in milliseconds, rule packs take seconds, and a new vendor's
    // devices should not wait for a DRL build to be understood
    var report = profiles.reload();
    if (report.applied()) {
      LOG.info(
          "vendor profiles reloaded: {} (added {}, removed {})",
          report.profileIds(),
          report.added(),
          report.removed());
    } else {
      report.problems().forEach(p -> LOG.warn("profile reload refused: {}", p));
    }
    io.twinwright.rules.ReloadReport rulesReport = rules.reload();
    if (rulesReport.applied()) {
      LOG.info("rule packs reloaded: {}", rulesReport.describe());
    } else {
      LOG.warn("rule reload refused, running rules kept: {}", rulesReport.describe());
    }
    io.twinwright.rules.ReloadReport campaignReport = campaigns.reloadRules();
    if (!campaignReport.applied()) {
      LOG.warn("campaign pack reload refused, running pack kept: {}", campaignReport.describe());
    }
  }

  private WorkOrderConfig workOrderConfig() {
    WorkOrderConfig wc = WorkOrderConfig.defaults();
    return config.webhookUrls().isEmpty()
        ? wc
        : wc.withWebhooks(config.webhookUrls(), config.webhookSecret());
  }

  private JsonObject status() {
    PlatformStats s = stats();
    JsonObject components = new JsonObject();
    String failed = null;
    for (Map.Entry<String, CompletableFuture<Void>> c : background.entrySet()) {
      CompletableFuture<Void> f = c.getValue();
      if (!f.isDone()) {
        components.put(c.getKey(), "starting");
      } else if (f.isCompletedExceptionally()) {
        Throwable cause = f.handle((v, e) -> e).join();
        if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
          cause = cause.getCause();
        }
        components.put(c.getKey(), "failed: " + cause);
        failed = c.getKey();
      } else {
        components.put(c.getKey(), "up");
      }
    }
    JsonObject status = failed == null ? new JsonObject() : new JsonObject().put("status", "DOWN");
    return status
        .put("components", components)
        .put("twins", s.twins())
        .put("devices", s.devices())
        .put("connections", s.connections())
        .put("messagesAccepted", s.messagesAccepted())
        .put("messagesRejected", s.messagesRejected())
        .put("twinUpdates", s.twinUpdates())
        .put("persistBacklog", twins.backlog())
        .put("historyBacklog", history == null ? 0 : history.backlog())
        .put("historyDropped", history == null ? 0 : history.dropped())
        .put("rulesProcessed", s.rulesProcessed())
        .put("openAlerts", s.openAlerts())
        .put("openWorkOrders", workOrders.openCount())
        .put("graphBacklog", semantic.backlog())
        .put("quarantined", s.quarantined())
        .put(
            "heapUsedBytes",
            java.lang.management.ManagementFactory.getMemoryMXBean()
                .getHeapMemoryUsage()
                .getUsed());
  }

  /** A snapshot of the platform's counters. */
  public PlatformStats stats() {
    MqttEndpoints m = mqtt;
    HttpAdapter h = http;
    CoapAdapter c = coap;
    return new PlatformStats(
        m == null ? 0 : m.connectionCount(),
        (m == null ? 0 : m.messagesAccepted())
            + (h == null ? 0 : h.messagesAccepted())
            + (c == null ? 0 : c.messagesAccepted()),
        (m == null ? 0 : m.messagesRejected())
            + (h == null ? 0 : h.messagesRejected())
            + (c == null ? 0 : c.messagesRejected()),
        twins.updates(),
        twins.size(),
        registry.deviceCount(),
        rules.processedCount(),
        alerts.openCount(),
        registry.quarantinedCount());
  }

  public Ports ports() {
    return ports;
  }

  public TwinService twins() {
    return twins;
  }

  /** The property history; empty when {@code history-enabled} is false. */
  public Optional<PropertyHistory> history() {
    return Optional.ofNullable(history);
  }

  public AlertService alerts() {
    return alerts;
  }

  public DeviceRegistry registry() {
    return registry;
  }

  public CommandService commands() {
    return commands;
  }

  public RuleEngine rules() {
    return rules;
  }

  public ProfileCatalog profiles() {
    return profiles;
  }

  public SemanticSync semantic() {
    return semantic;
  }

  public WorkOrderService workOrders() {
    return workOrders;
  }

  public CampaignService campaigns() {
    return campaigns;
  }

  public AuditLog audit() {
    return audit;
  }

  /**
   * Records how long the main thread spent since the previous mark, for the {@code startup phases}
   * log line: where a slow start went.
   */
  private void phase(String name) {
    long now = System.nanoTime();
    phases
        .append(phases.length() == 0 ? "" : ", ")
        .append(name)
        .append(' ')
        .append((now - phaseStart) / 1_000_000);
    phaseStart = now;
  }

  /** Waits for a startup step run on the startup pool; its own exception, if any, is rethrown. */
  private static <T> T join(CompletableFuture<T> step) {
    try {
      return step.join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("startup step timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops accepting traffic, finishes pending writes, and closes the store. */
  @Override
  public void close() {
    quietly(
        () -> {
          if (contentWatcher != null) {
            try {
              contentWatcher.close();
            } catch (java.io.IOException e) {
              LOG.debug("content watcher close failed", e);
            }
          }
        });
    quietly(() -> await(api == null ? Future.succeededFuture() : api.stop()));
    quietly(() -> await(http == null ? Future.succeededFuture() : http.stop()));
    quietly(() -> await(coap == null ? Future.succeededFuture() : coap.stop()));
    quietly(() -> await(mqtt == null ? Future.succeededFuture() : mqtt.stop()));
    quietly(
        () -> {
          if (campaigns != null) {
            campaigns.close();
          }
        });
    quietly(
        () -> {
          if (rules != null) {
            rules.close();
          }
        });
    quietly(
        () -> {
          if (semantic != null) {
            semantic.close();
          }
        });
    quietly(
        () -> {
          if (workOrders != null) {
            workOrders.close();
          }
        });
    quietly(
        () -> {
          if (audit != null) {
            audit.close();
          }
        });
    quietly(
        () -> {
          if (twins != null) {
            twins.close();
          }
        });
    quietly(
        () -> {
          if (history != null) {
            history.close();
          }
        });
    quietly(
        () -> {
          if (alerts != null) {
            alerts.close();
          }
        });
    quietly(
        () -> {
          if (desired != null) {
            desired.close();
          }
        });
    quietly(() -> await(commands == null ? Future.succeededFuture() : commands.close()));
    quietly(() -> await(registry == null ? Future.succeededFuture() : registry.close()));
    quietly(
        () -> {
          if (vertx != null) {
            await(vertx.close());
          }
        });
    quietly(
        () -> {
          if (policies != null) {
            policies.close();
          }
        });
    quietly(
        () -> {
          if (store != null) {
            store.close();
          }
        });
  }

  /** Who may call the API, from api-auth, api-users and api-jwt-secret. */
  static ApiSecurity apiSecurity(PlatformConfig config) {
    if (!config.apiAuthRequired()) {
      return ApiSecurity.open();
    }
    List<ApiSecurity.ApiUser> users = List.of();
    if (config.apiUsers().isPresent()) {
      try {
        users = ApiSecurity.parseUsers(java.nio.file.Files.readAllLines(config.apiUsers().get()));
      } catch (java.io.IOException e) {
        throw new ConfigException(ConfigKey.API_USERS, "cannot read " + config.apiUsers().get());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(ConfigKey.API_USERS, e.getMessage());
      }
    }
    if (users.isEmpty() && config.apiJwtSecret().isEmpty()) {
      throw new ConfigException(
          ConfigKey.API_USERS,
          "api-auth=required needs api-users or api-jwt-secret (or api-auth=none for development)");
    }
    return ApiSecurity.required(users, config.apiJwtSecret());
  }

  private static void quietly(Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("shutdown step failed: {}", e.toString());
    }
  }
}
