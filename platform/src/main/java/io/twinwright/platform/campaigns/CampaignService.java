package io.twinwright.platform.campaigns;

import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.AuditSink;
import io.twinwright.rules.CampaignControlRequest;
import io.twinwright.rules.ReloadReport;
import io.twinwright.rules.RuleActions;
import io.twinwright.rules.RulesConfig;
import io.twinwright.rules.campaigns.CampaignFact;
import io.twinwright.rules.campaigns.CampaignPolicy;
import io.twinwright.rules.campaigns.CampaignRules;
import io.twinwright.rules.campaigns.CampaignStatus;
import io.twinwright.rules.campaigns.DeviceReadiness;
import io.twinwright.rules.campaigns.DeviceRollout;
import io.twinwright.rules.campaigns.DeviceStatus;
import io.twinwright.rules.campaigns.WaveProgress;
import io.twinwright.rules.campaigns.WaveThresholds;
import io.twinwright.rules.campaigns.WindowState;
import io.twinwright.rules.packs.PackCache;
import io.twinwright.rules.packs.RulePacks;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinCondition;
import io.twinwright.twin.TwinEvent;
import io.twinwright.twin.TwinService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns every firmware campaign: selects its devices into waves, mirrors its state into the campaign
 * rule pack, carries out what the pack decides, sends commands within the rate limit, follows the
 * devices' progress reports, and stores everything so a campaign resumes after a restart.
 *
 * <p>All state lives on one thread ({@code campaigns}): operator requests, twin changes and the
 * periodic tick are queued to it, so the rule session and the counts need no locks. Writes go to a
 * second thread in order; an operator's request is answered once its write is durable, and a
 * command leaves only once the device's new status is durable. Device progress is stored at the
 * next tick: the report itself was durable in the device's twin before the device was acknowledged,
 * and a restart takes from the twins what the campaign had not stored yet. Drawing a large fleet
 * into waves runs on a third thread and in batches, so it holds none of this up.
 */
public final class CampaignService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignService.class);
  private static final int MAX_ROUNDS = 1_000;
  private static final long CALL_TIMEOUT_SECONDS = 120;
  private static final int DRAW_BATCH = 5_000;
  private static final String FIRMWARE = "/features/firmware/properties/";
  private static final JsonPointer DESIRED_FIRMWARE =
      JsonPointer.of("/features/firmware/desiredProperties");

  /** Raised for a request that conflicts with a campaign's state (start a running campaign). */
  public static final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConflictException(String message) {
      super(message);
    }
  }

  /** Raised when the addressed campaign or artifact does not exist. */
  public static final class NotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
      super(message);
    }
  }

  private final CampaignStore store;
  private final TwinService twins;
  private final FirmwareCommands commands;
  private final Clock clock;
  // made by the loop's first task; confined to the loop
  private CampaignRules rules;
  // set when the campaign pack could not be loaded: every request then fails with it
  private volatile Throwable rulesFailure;
  private final boolean packsCached;
  private final CompletableFuture<Void> packLoaded;
  private final ScheduledExecutorService loop;
  private final ScheduledExecutorService writer;
  private final ExecutorService drawer;
  private final List<Consumer<CampaignEvent>> listeners = new CopyOnWriteArrayList<>();
  private final Set<String> online = ConcurrentHashMap.newKeySet();
  private final LongAdder commandsSent = new LongAdder();
  private final LongAdder progressApplied = new LongAdder();

  // confined to the loop thread
  private final Map<String, FirmwareArtifact> artifacts = new LinkedHashMap<>();
  private final Map<String, Campaign> campaigns = new LinkedHashMap<>();
  private final Map<String, Campaign> activeByThing = new HashMap<>();
  private final List<CampaignControlRequest> decided = new ArrayList<>();
  private final Set<Campaign> dirtyCampaigns = new LinkedHashSet<>();
  private final Map<Rollout, Campaign> dirtyDevices = new LinkedHashMap<>();
  private final List<Outgoing> outgoing = new ArrayList<>();
  private final Set<Campaign> progressTouched = new LinkedHashSet<>();
  private boolean batching;
  private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);
  private long lastTickMillis;

  /**
   * @param rulesConfig the rules' pack folder, whose {@code campaigns.drl} replaces the bundled
   *     pack, and pack cache
   * @param audit where every decision of the pack is recorded
   */
  public CampaignService(
      CampaignStore store,
      TwinService twins,
      FirmwareCommands commands,
      RulesConfig rulesConfig,
      AuditSink audit,
      Clock clock) {
    this.store = store;
    this.twins = twins;
    this.commands = commands;
    this.clock = clock;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "campaigns"));
    this.writer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "campaigns-writer"));
    this.drawer = Executors.newSingleThreadExecutor(r -> daemon(r, "campaigns-draw"));
    RuleActions decisions =
        new RuleActions() {
          @Override
          public void raiseAlert(AlertRequest request) {}

          @Override
          public void clearAlert(String thingId, String code) {}

          @Override
          public void quarantine(String thingId, String reason) {}

          @Override
          public void campaignControl(CampaignControlRequest request) {
            decided.add(request);
          }
        };
    // The pack is read back (cached: it compiled without errors when it was cached) or compiled on
    // the loop, and requests queue behind it. If it does not compile, every request fails with the
    // problems, and so does packLoaded(): a caller that must refuse such content waits for that
    // when packsCached() is false.
    this.packsCached =
        rulesConfig
            .cacheDir()
            .map(dir -> new PackCache(dir).holds(RulePacks.campaignSources(rulesConfig.packDir())))
            .orElse(false);
    this.packLoaded =
        submit(
            () -> {
              rules = new CampaignRules(rulesConfig, decisions, audit, clock::millis);
              return CompletableFuture.<Void>completedFuture(null);
            });
    packLoaded.whenComplete(
        (v, e) -> {
          if (e != null) {
            rulesFailure = e;
            LOG.error("the campaign pack could not be loaded: {}", e.toString());
          }
        });
  }

  /** Completes once the campaign pack is loaded; fails with its problems if it does not compile. */
  public CompletableFuture<Void> packLoaded() {
    return packLoaded.copy();
  }

  /** Whether the campaign pack was found in the cache rather than compiled. */
  public boolean packsCached() {
    return packsCached;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Loads the registry and the campaigns, puts every started campaign back into the rules where it
   * was, and ticks every {@code tick} (zero: only when {@link #tick()} is called, for tests).
   */
  public void start(Duration tick) {
    await(startInBackground(tick));
  }

  /**
   * As {@link #start(Duration)}, without waiting: completes once the campaigns are loaded. Requests
   * made meanwhile wait for that.
   */
  public CompletableFuture<Void> startInBackground(Duration tick) {
    CompletableFuture<Void> loaded =
        submit(
            () -> {
              store.loadArtifacts().forEach(a -> artifacts.put(a.id(), a));
              Map<String, List<StoredDevice>> devicesOf = new HashMap<>();
              for (StoredDevice d : store.loadDevices()) {
                devicesOf.computeIfAbsent(d.campaignId(), k -> new ArrayList<>()).add(d);
              }
              for (StoredCampaign s : store.loadCampaigns()) {
                restore(s, devicesOf.getOrDefault(s.spec().id(), List.of()));
              }
              lastTickMillis = clock.millis();
              process();
              LOG.info(
                  "campaigns loaded: {} artifacts, {} campaigns ({} active)",
                  artifacts.size(),
                  campaigns.size(),
                  campaigns.values().stream().filter(c -> c.status.active()).count());
              // what the twins told the restored campaigns is written before anything else happens
              return flush();
            });
    if (!tick.isZero()) {
      long ms = Math.max(10, tick.toMillis());
      loop.scheduleWithFixedDelay(this::tickQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }
    return loaded;
  }

  // ---------------------------------------------------------------------------------------------
  // Operator requests (any thread; they wait for the loop and for durability)
  // ---------------------------------------------------------------------------------------------

  /** Registers an artifact. */
  public FirmwareArtifact addArtifact(FirmwareArtifact artifact) {
    return call(
        () -> {
          if (artifacts.containsKey(artifact.id())) {
            throw new ConflictException("artifact " + artifact.id() + " exists already");
          }
          store.saveArtifact(artifact);
          artifacts.put(artifact.id(), artifact);
          return artifact;
        });
  }

  public List<FirmwareArtifact> artifacts() {
    return call(() -> List.copyOf(artifacts.values()));
  }

  public Optional<FirmwareArtifact> artifact(String id) {
    return call(() -> Optional.ofNullable(artifacts.get(id)));
  }

  /** Defines a campaign; it changes nothing until started. */
  public CampaignView create(CampaignSpec spec) {
    CompletableFuture<Void> durable =
        submit(
            () -> {
              if (campaigns.containsKey(spec.id())) {
                throw new ConflictException("campaign " + spec.id() + " exists already");
              }
              if (!artifacts.containsKey(spec.artifact())) {
                throw new IllegalArgumentException("unknown artifact: " + spec.artifact());
              }
              Campaign c = new Campaign(spec, artifacts.get(spec.artifact()), clock.instant());
              campaigns.put(spec.id(), c);
              dirtyCampaigns.add(c);
              emit(c, "created");
              return flush();
            });
    await(durable);
    return campaign(spec.id()).orElseThrow();
  }

  public List<CampaignView> campaigns() {
    return call(() -> campaigns.values().stream().map(Campaign::view).toList());
  }

  public Optional<CampaignView> campaign(String id) {
    return call(() -> Optional.ofNullable(campaigns.get(id)).map(Campaign::view));
  }

  /**
   * The campaign's devices, in wave order.
   *
   * @param status only devices in this status
   * @return empty if there is no such campaign
   */
  public Optional<List<StoredDevice>> devices(String id, Optional<DeviceStatus> status) {
    return call(
        () ->
            Optional.ofNullable(campaigns.get(id))
                .map(
                    c ->
                        c.devices.values().stream()
                            .filter(r -> status.isEmpty() || r.status == status.get())
                            .sorted(Comparator.comparingInt((Rollout r) -> r.wave))
                            .map(r -> r.stored(c.spec.id()))
                            .toList()));
  }

  /**
   * Starts a created campaign: once its {@code STARTING} status is durable, draws its devices into
   * waves off this request (see {@link #beginDraw}) and answers. The draw then starts the first
   * wave, and the campaign turns {@code RUNNING}; a draw that fails makes it {@code CREATED} again
   * with the reason. Callers follow that with {@link #campaign} or the events, so no request waits
   * on the size of the fleet.
   */
  public CampaignView start(String id) {
    CompletableFuture<Void> accepted =
        submit(
            () -> {
              Campaign c = campaigns.get(id);
              if (c == null) {
                throw new NotFoundException("no campaign " + id);
              }
              if (c.status != CampaignStatus.CREATED) {
                throw new ConflictException(
                    "only a created campaign can be started; it is " + c.status);
              }
              setCampaignStatus(c, CampaignStatus.STARTING, "drawing its devices into waves");
              CompletableFuture<Void> durable = new CompletableFuture<>();
              // the request is durable before the draw: a restart draws the campaign again
              flush()
                  .whenComplete(
                      (ok, e) ->
                          loop.execute(
                              () -> {
                                try {
                                  guarded(
                                      () -> {
                                        if (e != null) {
                                          drawFailed(c, e);
                                        } else if (c.status == CampaignStatus.STARTING) {
                                          beginDraw(c);
                                        }
                                      });
                                } finally {
                                  if (e != null) {
                                    durable.completeExceptionally(
                                        new IllegalStateException(
                                            "the start could not be stored: " + rootMessage(e), e));
                                  } else {
                                    durable.complete(null);
                                  }
                                }
                              }));
              return durable;
            });
    await(accepted);
    return campaign(id).orElseThrow();
  }

  /**
   * Waits until everything decided so far is stored and its commands handed to the port: lets a
   * test that saw a campaign turn {@code RUNNING} look at the commands its first wave sent.
   */
  void awaitStored() {
    await(submit(this::flush));
  }

  public CampaignView pause(String id) {
    return operate(
        id,
        c -> {
          if (c.status != CampaignStatus.RUNNING) {
            throw new ConflictException("only a running campaign can be paused; it is " + c.status);
          }
          setCampaignStatus(c, CampaignStatus.PAUSED, "paused by an operator");
        });
  }

  /** Resumes a paused campaign; errors so far are accepted and only new ones count again. */
  public CampaignView resume(String id) {
    return operate(
        id,
        c -> {
          if (c.status != CampaignStatus.PAUSED) {
            throw new ConflictException("only a paused campaign can be resumed; it is " + c.status);
          }
          for (int w = 0; w <= c.currentWave; w++) {
            c.acknowledged[w] = c.errors(w);
            progressFact(c, w);
          }
          setCampaignStatus(c, CampaignStatus.RUNNING, "resumed by an operator");
        });
  }

  public CampaignView abort(String id) {
    return operate(
        id,
        c -> {
          if (c.status == CampaignStatus.STARTING) {
            undraw(c);
            c.finished = Optional.of(clock.instant());
            setCampaignStatus(c, CampaignStatus.ABORTED, "aborted by an operator while drawn");
            return;
          }
          if (!c.status.active()) {
            throw new ConflictException(
                "only a starting, running or paused campaign can be aborted; it is " + c.status);
          }
          abortCampaign(c, "aborted by an operator");
        });
  }

  private CampaignView operate(String id, Consumer<Campaign> operation) {
    CompletableFuture<Void> durable =
        submit(
            () -> {
              Campaign c = campaigns.get(id);
              if (c == null) {
                throw new NotFoundException("no campaign " + id);
              }
              operation.accept(c);
              process();
              return flush();
            });
    await(durable);
    return campaign(id).orElseThrow();
  }

  /**
   * The fleet's firmware: for every Thing Model, how many twins run each reported version, and the
   * campaigns in flight.
   */
  public Distribution distribution() {
    return call(
        () -> {
          Map<String, Map<String, Integer>> counts = new TreeMap<>();
          for (Thing thing : twins.all()) {
            String model = thing.getDefinition().map(Object::toString).orElse("");
            String version = reportedFirmware(thing, "version").orElse("");
            counts.computeIfAbsent(model, m -> new TreeMap<>()).merge(version, 1, Integer::sum);
          }
          List<CampaignView> inFlight =
              campaigns.values().stream()
                  .filter(c -> c.status.active())
                  .map(Campaign::view)
                  .toList();
          return new Distribution(counts, inFlight);
        });
  }

  /**
   * The fleet's firmware distribution.
   *
   * @param versions Thing Model (empty string for none) to reported version (empty string for none
   *     reported) to number of twins
   * @param inFlight the running and paused campaigns
   */
  public record Distribution(
      Map<String, Map<String, Integer>> versions, List<CampaignView> inFlight) {}

  /** Subscribes to campaign events; close the handle to stop. */
  public AutoCloseable subscribe(Consumer<CampaignEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Recompiles the campaign pack from the content folder; the running pack stays if it fails. */
  public ReloadReport reloadRules() {
    return call(
        () -> {
          ReloadReport report = rules.reload();
          if (report.applied()) {
            process();
          }
          return report;
        });
  }

  /** Commands handed to the command port so far. */
  public long commandsSent() {
    return commandsSent.sum();
  }

  /** Device progress reports applied so far. */
  public long progressApplied() {
    return progressApplied.sum();
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs from the platform (any thread; queued)
  // ---------------------------------------------------------------------------------------------

  /**
   * A twin changed: firmware progress, battery or security state of a device in a campaign, or a
   * new twin that may join a running campaign. Cheap for every other change.
   */
  public void onTwinEvent(TwinEvent event) {
    if (ownDesiredWrite(event)) {
      return;
    }
    boolean joins =
        event.kind() == TwinEvent.Kind.CREATED
            || event.attributesOnly()
            || event.kind() == TwinEvent.Kind.MODIFIED && event.changes().isEmpty();
    boolean relevant = false;
    for (PropertyUpdate u : event.changes()) {
      String f = u.featureId();
      if (f.equals("firmware") || f.equals("battery") || f.equals("security")) {
        relevant = true;
        break;
      }
    }
    if (joins || relevant) {
      loop.execute(() -> guarded(() -> onTwinChange(event)));
    }
  }

  /** A device connected or disconnected (for the {@code online} precondition). */
  public void onConnectivity(String thingId, boolean connected) {
    if (connected ? online.add(thingId) : online.remove(thingId)) {
      loop.execute(() -> guarded(() -> refreshReadiness(thingId)));
    }
  }

  /** Runs one tick now: windows, rate-limited sending, timeouts, rules, and the write. */
  public void tick() {
    await(submit(this::tickOnLoop));
  }

  private void tickQuietly() {
    if (rulesFailure != null) {
      return;
    }
    try {
      tickOnLoop();
    } catch (RuntimeException e) {
      LOG.warn("campaign tick failed", e);
    }
  }

  private CompletableFuture<Void> tickOnLoop() {
    long now = clock.millis();
    double seconds = Math.max(0, now - lastTickMillis) / 1000.0;
    lastTickMillis = now;
    for (Campaign c : campaigns.values()) {
      if (c.status.active()) {
        windowFact(c);
        c.tokens = Math.min(c.spec.rateLimit(), c.tokens + c.spec.rateLimit() * seconds);
      }
    }
    rules.fire();
    process();
    return flush();
  }

  // ---------------------------------------------------------------------------------------------
  // The loop
  // ---------------------------------------------------------------------------------------------

  /** Fires the rules and carries out their decisions until they have nothing more to say. */
  private void process() {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      // time moves on the tick only: moving it here, on every device report, would re-test every
      // device in flight against its timeout each time (quadratic in the fleet)
      rules.fireKeepingTime();
      inBatch(this::sendQueued);
      if (decided.isEmpty()) {
        if (!outgoing.isEmpty()) {
          flush();
        }
        return;
      }
      List<CampaignControlRequest> batch = new ArrayList<>(decided);
      decided.clear();
      inBatch(
          () -> {
            for (CampaignControlRequest d : batch) {
              Campaign c = campaigns.get(d.campaignId());
              if (c != null) {
                apply(c, d);
              }
            }
          });
    }
    LOG.warn("campaign rules still deciding after {} rounds; continuing next tick", MAX_ROUNDS);
  }

  /**
   * Runs a step that moves many devices (a wave issued at once), updating each touched campaign's
   * wave progress facts once at the end instead of once per device: every update of such a fact
   * makes the session re-match it against all the campaign's device facts.
   */
  private void inBatch(Runnable step) {
    if (batching) {
      step.run();
      return;
    }
    batching = true;
    try {
      step.run();
    } finally {
      batching = false;
      for (Campaign c : progressTouched) {
        if (c.started.isPresent()) {
          for (int w = 0; w <= Math.min(c.currentWave, c.waveCount() - 1); w++) {
            progressFact(c, w);
          }
        }
      }
      progressTouched.clear();
    }
  }

  private void apply(Campaign c, CampaignControlRequest d) {
    Rollout r = d.operation().perDevice() ? c.devices.get(d.thingId()) : null;
    if (d.operation().perDevice() && r == null) {
      return;
    }
    // every decision is checked against the state as it is now: an earlier decision of the same
    // round may have changed it (an abort before an advance)
    switch (d.operation()) {
      case ISSUE_DEVICE -> {
        if (c.status == CampaignStatus.RUNNING
            && (r.status == DeviceStatus.READY || r.status == DeviceStatus.DEFERRED)) {
          setStatus(c, r, DeviceStatus.QUEUED, "");
          c.queue.add(r);
        }
      }
      case DEFER_DEVICE -> {
        if (r.status == DeviceStatus.READY) {
          setStatus(c, r, DeviceStatus.DEFERRED, d.reason());
        }
      }
      case TIMEOUT_DEVICE -> {
        if (r.status == DeviceStatus.ISSUED
            || r.status == DeviceStatus.DOWNLOADING
            || r.status == DeviceStatus.INSTALLING) {
          setStatus(c, r, DeviceStatus.TIMED_OUT, d.reason());
        }
      }
      case ROLLBACK_DEVICE -> {
        if (c.status == CampaignStatus.ABORTED && r.status == DeviceStatus.INSTALLED) {
          rollback(c, r, d.reason());
        }
      }
      case ADVANCE -> {
        if (c.status == CampaignStatus.RUNNING && c.currentWave < c.waveCount() - 1) {
          c.currentWave++;
          startWave(c, c.currentWave);
          setCampaignStatus(c, CampaignStatus.RUNNING, d.reason());
        }
      }
      case COMPLETE -> {
        if (c.status == CampaignStatus.RUNNING && c.currentWave == c.waveCount() - 1) {
          c.finished = Optional.of(clock.instant());
          setCampaignStatus(c, CampaignStatus.COMPLETED, d.reason());
          release(c);
        }
      }
      case PAUSE -> {
        if (c.status == CampaignStatus.RUNNING) {
          setCampaignStatus(c, CampaignStatus.PAUSED, d.reason());
        }
      }
      case RESUME -> {
        if (c.status == CampaignStatus.PAUSED) {
          setCampaignStatus(c, CampaignStatus.RUNNING, d.reason());
        }
      }
      case ABORT -> {
        if (c.status.active()) {
          abortCampaign(c, d.reason());
        }
      }
    }
  }

  /**
   * Draws the campaign's devices into waves without holding the loop: the twins are read and
   * filtered on the {@code campaigns-draw} thread, the waves are assigned in one short loop step,
   * and the devices' rows are written in batches, each its own writer task, so operator requests
   * and device reports of every campaign are served in between. Only once every row is durable does
   * the campaign run; until then it is {@link CampaignStatus#STARTING} and may be aborted.
   */
  private void beginDraw(Campaign c) {
    drawer.execute(
        () -> {
          try {
            List<Candidate> found = select(c);
            loop.execute(() -> guarded(() -> assignWaves(c, found)));
          } catch (RuntimeException e) {
            loop.execute(() -> guarded(() -> drawFailed(c, e)));
          }
        });
  }

  /** A twin the campaign may update, with its place in the draw. */
  private record Candidate(String thingId, String model, int order) {}

  /** Runs on the draw thread: reads only immutable twins and the campaign's final fields. */
  private List<Candidate> select(Campaign c) {
    String salt = c.spec.id() + '|';
    List<Candidate> found = new ArrayList<>();
    int seen = 0;
    for (Thing thing : twins.all()) {
      if ((++seen & 0x3ff) == 0 && c.status != CampaignStatus.STARTING) {
        return List.of(); // aborted meanwhile
      }
      if (matches(c, thing)) {
        String id = thingId(thing);
        found.add(new Candidate(id, model(thing), (salt + id).hashCode()));
      }
    }
    // a hash order spreads the canary over the fleet, and is the same after a restart
    found.sort(Comparator.comparingInt(Candidate::order).thenComparing(Candidate::thingId));
    return found;
  }

  private void assignWaves(Campaign c, List<Candidate> found) {
    if (c.status != CampaignStatus.STARTING) {
      return;
    }
    List<Candidate> free = new ArrayList<>(found.size());
    for (Candidate k : found) {
      // another campaign may have taken the device while this one was drawn
      if (!activeByThing.containsKey(k.thingId()) && !c.devices.containsKey(k.thingId())) {
        free.add(k);
      }
    }
    int total = free.size();
    int next = 0;
    List<StoredDevice> rows = new ArrayList<>(total);
    for (int w = 0; w < c.waveCount(); w++) {
      int size = c.spec.waves().get(w).size(total, total - next, w == c.waveCount() - 1);
      for (int i = 0; i < size; i++) {
        Candidate k = free.get(next++);
        Rollout r = new Rollout(k.thingId(), k.model(), w);
        c.devices.put(r.thingId, r);
        c.counts[w][DeviceStatus.PENDING.ordinal()]++;
        c.sizes[w]++;
        activeByThing.put(r.thingId, c);
        rows.add(r.stored(c.spec.id()));
      }
    }
    writeDrawn(c, rows, 0);
  }

  private void writeDrawn(Campaign c, List<StoredDevice> rows, int from) {
    if (c.status != CampaignStatus.STARTING) {
      return;
    }
    if (from >= rows.size()) {
      run(c);
      return;
    }
    int to = Math.min(rows.size(), from + DRAW_BATCH);
    List<StoredDevice> batch = rows.subList(from, to);
    CompletableFuture.runAsync(() -> store.insertDevices(batch), writer)
        .whenComplete(
            (ok, e) ->
                loop.execute(
                    () ->
                        guarded(
                            () -> {
                              if (e != null) {
                                drawFailed(c, e);
                              } else {
                                writeDrawn(c, rows, to);
                              }
                            })));
  }

  /** Every drawn device is stored: the campaign runs its first wave. */
  private void run(Campaign c) {
    c.started = Optional.of(clock.instant());
    c.tokens = initialTokens(c.spec);
    setCampaignStatus(c, CampaignStatus.RUNNING, "started with " + c.devices.size() + " devices");
    campaignFacts(c);
    startWave(c, 0);
    process();
    flush();
  }

  /** The draw could not finish (the store failed): the campaign is created again. */
  private void drawFailed(Campaign c, Throwable e) {
    if (c.status != CampaignStatus.STARTING) {
      return;
    }
    LOG.error("campaign {}: drawing its devices failed", c.spec.id(), e);
    undraw(c);
    setCampaignStatus(c, CampaignStatus.CREATED, "drawing the devices failed: " + rootMessage(e));
    flush();
  }

  /** Forgets the devices of a draw that will not run, in memory and then in the store. */
  private void undraw(Campaign c) {
    for (Rollout r : c.devices.values()) {
      activeByThing.remove(r.thingId, c);
    }
    c.devices.clear();
    for (int w = 0; w < c.waveCount(); w++) {
      Arrays.fill(c.counts[w], 0);
      c.sizes[w] = 0;
    }
    String id = c.spec.id();
    // queued behind any batch still being written, so nothing of the draw is left behind
    CompletableFuture.runAsync(() -> store.deleteDevices(id), writer)
        .exceptionally(
            e -> {
              LOG.warn("rows of campaign {} not removed: {}", id, rootMessage(e));
              return null;
            });
  }

  /** A tenth of a second's worth of commands (at least one) may go out before the first tick. */
  private static double initialTokens(CampaignSpec spec) {
    return Math.min(spec.rateLimit(), Math.max(1, spec.rateLimit() / 10));
  }

  private boolean eligible(Campaign c, Thing thing) {
    String id = thingId(thing);
    if (c.devices.containsKey(id) || activeByThing.containsKey(id)) {
      return false;
    }
    return matches(c, thing);
  }

  /** Whether the twin is one the campaign targets; reads nothing but the twin and the spec. */
  private static boolean matches(Campaign c, Thing thing) {
    if (!c.spec.namespaces().isEmpty()
        && !c.spec.namespaces().contains(thing.getEntityId().orElseThrow().getNamespace())) {
      return false;
    }
    if (!c.artifact.compatibleWith(model(thing)) || !c.filter.test(thing)) {
      return false;
    }
    // a device that already runs the version has nothing to do in the campaign
    return !reportedFirmware(thing, "version")
        .map(v -> v.equals(c.artifact.version()))
        .orElse(false);
  }

  private void join(Campaign c, String thingId, String model, int wave) {
    Rollout r = new Rollout(thingId, model, wave);
    c.devices.put(thingId, r);
    c.counts[wave][DeviceStatus.PENDING.ordinal()]++;
    c.sizes[wave]++;
    activeByThing.put(thingId, c);
    dirtyDevices.put(r, c);
  }

  private void startWave(Campaign c, int w) {
    rules.put(
        thresholdsKey(c, w),
        new WaveThresholds(
            c.spec.id(),
            w,
            c.spec.thresholds().get(w).successPercent(),
            c.spec.thresholds().get(w).errorPercent(),
            c.spec.thresholds().get(w).minExecuted()));
    inBatch(
        () -> {
          for (Rollout r : c.devices.values()) {
            if (r.wave == w && r.status == DeviceStatus.PENDING) {
              setStatus(c, r, DeviceStatus.READY, "");
            }
          }
        });
    progressFact(c, w);
  }

  private void abortCampaign(Campaign c, String reason) {
    c.queue.clear();
    inBatch(
        () -> {
          for (Rollout r : c.devices.values()) {
            if (r.status.waiting() || r.status == DeviceStatus.PENDING) {
              setStatus(c, r, DeviceStatus.CANCELLED, reason);
            }
          }
        });
    c.finished = Optional.of(clock.instant());
    setCampaignStatus(c, CampaignStatus.ABORTED, reason);
  }

  /** A finished campaign's devices may join other campaigns; its facts leave the session. */
  private void release(Campaign c) {
    for (Rollout r : c.devices.values()) {
      activeByThing.remove(r.thingId, c);
      rules.remove(deviceKey(c, r));
    }
  }

  private void sendQueued() {
    for (Campaign c : campaigns.values()) {
      while (c.status == CampaignStatus.RUNNING && c.tokens >= 1 && !c.queue.isEmpty()) {
        Rollout r = c.queue.poll();
        if (r.status != DeviceStatus.QUEUED) {
          continue;
        }
        c.tokens -= 1;
        issue(c, r);
      }
    }
  }

  private void issue(Campaign c, Rollout r) {
    Optional<Thing> twin = twins.get(r.thingId);
    r.previous = twin.flatMap(t -> reportedFirmware(t, "version")).orElse(r.previous);
    setStatus(c, r, DeviceStatus.ISSUED, "");
    FirmwareArtifact a = c.artifact;
    outgoing.add(
        new Outgoing(
            c,
            r,
            FirmwareCommand.update(c.spec.id(), a),
            DeviceStatus.ISSUED,
            JsonFactory.newObjectBuilder()
                .set("version", a.version())
                .set("url", a.url())
                .set("hash", a.sha256())
                .set("campaign", c.spec.id())
                .build(),
            expiry(c)));
  }

  private void rollback(Campaign c, Rollout r, String reason) {
    Optional<String> version = r.previous.isEmpty() ? Optional.empty() : Optional.of(r.previous);
    Optional<FirmwareArtifact> image =
        version.flatMap(
            v ->
                artifacts.values().stream()
                    .filter(a -> a.version().equals(v) && a.compatibleWith(r.model))
                    .findFirst());
    setStatus(c, r, DeviceStatus.ROLLING_BACK, reason);
    // a merge patch: null removes the new image's values the device should no longer fetch
    JsonValue none = JsonFactory.nullLiteral();
    outgoing.add(
        new Outgoing(
            c,
            r,
            FirmwareCommand.rollback(c.spec.id(), version, image),
            DeviceStatus.ROLLING_BACK,
            JsonFactory.newObjectBuilder()
                .set("campaign", c.spec.id())
                .set("version", version.<JsonValue>map(JsonValue::of).orElse(none))
                .set("url", image.<JsonValue>map(i -> JsonValue.of(i.url())).orElse(none))
                .set("hash", image.<JsonValue>map(i -> JsonValue.of(i.sha256())).orElse(none))
                .build(),
            expiry(c)));
  }

  /**
   * A command on its way out. It leaves only once the device's new status (issued, rolling back)
   * and its previous version are durable: after a crash the campaign then never holds a device as
   * still to be issued whose command is already in the outbox, so nothing is sent twice.
   */
  private record Outgoing(
      Campaign campaign,
      Rollout rollout,
      FirmwareCommand command,
      DeviceStatus sentAs,
      JsonObject desired,
      Instant expires) {}

  private Instant expiry(Campaign c) {
    Instant end = c.started.orElse(c.created).plus(c.spec.expiry());
    return end.isAfter(clock.instant()) ? end : clock.instant().plus(c.spec.deviceTimeout());
  }

  /** Runs on the writer, after the write that holds the devices' new status. */
  private void dispatch(Outgoing o) {
    setDesired(o.rollout().thingId, o.desired());
    send(o.campaign(), o.rollout(), o.command(), o.sentAs(), o.expires());
  }

  /**
   * Records what the campaign wants the device to reach in the twin's {@code
   * features/firmware/desiredProperties}: an ordinary application write (merged at that pointer),
   * so it is versioned, stored and published like an operator's edit and API clients watching the
   * twin see the target change.
   */
  private void setDesired(String thingId, JsonObject patch) {
    try {
      twins
          .merge(ThingId.of(thingId), DESIRED_FIRMWARE, patch, TwinCondition.NONE)
          .whenComplete(
              (w, e) -> {
                if (e != null) {
                  LOG.warn("desired firmware of {} not stored: {}", thingId, rootMessage(e));
                }
              });
    } catch (RuntimeException e) {
      // the twin was deleted while the campaign ran: the command still tells the device
      LOG.debug("desired firmware of {} not set: {}", thingId, e.getMessage());
    }
  }

  /** True for the campaign's own desired-firmware writes, which need no campaign reaction. */
  private static boolean ownDesiredWrite(TwinEvent event) {
    if (event.kind() != TwinEvent.Kind.MODIFIED
        || !event.changes().isEmpty()
        || !event.attributePointers().isEmpty()) {
      return false;
    }
    for (var field : event.delta()) {
      String key = field.getKeyName().toString();
      if (key.equals("thingId")) {
        continue;
      }
      if (!key.equals("features") || !field.getValue().isObject()) {
        return false;
      }
      JsonObject features = field.getValue().asObject();
      if (features.getSize() != 1
          || !features.getValue("firmware/desiredProperties").isPresent()
          || features.getValue("firmware").map(f -> f.asObject().getSize() != 1).orElse(true)) {
        return false;
      }
    }
    return true;
  }

  private void send(
      Campaign c, Rollout r, FirmwareCommand command, DeviceStatus sentAs, Instant expires) {
    commandsSent.increment();
    CompletableFuture<Void> accepted;
    try {
      accepted =
          commands.send(DeviceId.ofThingId(r.thingId), command, expires).toCompletableFuture();
    } catch (RuntimeException e) {
      accepted = CompletableFuture.failedFuture(e);
    }
    accepted.whenComplete(
        (ok, error) -> {
          if (error != null) {
            loop.execute(
                () ->
                    guarded(
                        () -> {
                          refused(c, r, sentAs, "command refused: " + rootMessage(error));
                          process();
                        }));
          }
        });
  }

  private void refused(Campaign c, Rollout r, DeviceStatus sentAs, String reason) {
    if (r.status == sentAs) {
      setStatus(
          c,
          r,
          sentAs == DeviceStatus.ISSUED ? DeviceStatus.REJECTED : DeviceStatus.FAILED,
          reason);
    }
  }

  private void onTwinChange(TwinEvent event) {
    String thingId = event.thingId();
    awaitTwin(thingId, event.revision());
    Campaign c = activeByThing.get(thingId);
    if (c == null) {
      // a twin is created empty and filled by its first reports: a filter on its features may
      // match only after a later change, so every change that reaches here is a chance to join
      lateJoin(thingId);
      return;
    }
    Rollout r = c.devices.get(thingId);
    Optional<String> state = Optional.empty();
    Optional<String> version = Optional.empty();
    String reason = "";
    boolean readiness = false;
    for (PropertyUpdate u : event.changes()) {
      if (u.featureId().equals("firmware")) {
        switch (u.path()) {
          case "state" -> state = Optional.of(String.valueOf(u.value()));
          case "version" -> version = Optional.of(String.valueOf(u.value()));
          case "reason" -> reason = String.valueOf(u.value());
          default -> {}
        }
      } else {
        readiness = true;
      }
    }
    if (state.isPresent()) {
      // the report's own time: the queue may hold it a while on a busy machine
      progress(c, r, state.get(), version, reason, event.modified().toEpochMilli());
    }
    if (readiness) {
      refreshReadiness(thingId);
    }
    process();
  }

  private void progress(
      Campaign c, Rollout r, String state, Optional<String> version, String reason, long at) {
    progressApplied.increment();
    String target = c.artifact.version();
    if (r.status == DeviceStatus.ROLLING_BACK) {
      if (state.equals("rolled-back")
          || state.equals("installed") && version.map(v -> !v.equals(target)).orElse(false)) {
        setStatus(c, r, DeviceStatus.ROLLED_BACK, reason, at);
      } else if (state.equals("failed") || state.equals("rejected")) {
        setStatus(c, r, DeviceStatus.FAILED, "rollback failed: " + reason, at);
      } else {
        r.since = at;
      }
      return;
    }
    boolean updating =
        r.status == DeviceStatus.ISSUED
            || r.status == DeviceStatus.DOWNLOADING
            || r.status == DeviceStatus.INSTALLING
            || r.status == DeviceStatus.TIMED_OUT;
    if (!updating) {
      return;
    }
    switch (state) {
      case "downloading" -> setStatus(c, r, DeviceStatus.DOWNLOADING, "", at);
      case "installing" -> setStatus(c, r, DeviceStatus.INSTALLING, "", at);
      case "installed" -> {
        if (version.isEmpty() || version.get().equals(target)) {
          setStatus(c, r, DeviceStatus.INSTALLED, "", at);
        } else {
          setStatus(
              c,
              r,
              DeviceStatus.FAILED,
              "installed " + version.get() + " instead of " + target,
              at);
        }
      }
      case "failed" -> setStatus(c, r, DeviceStatus.FAILED, reason, at);
      case "rejected" -> setStatus(c, r, DeviceStatus.REJECTED, reason, at);
      case "rolled-back" ->
          setStatus(c, r, DeviceStatus.FAILED, "device rolled back by itself: " + reason, at);
      default -> {}
    }
  }

  /**
   * Twin events are published while the change is being applied, a moment before the new state is
   * readable; the readiness and the late-join filter read the twin, so wait that moment out. It is
   * microseconds, and waiting in place keeps the device's events in order.
   */
  private void awaitTwin(String thingId, long revision) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    while (twins
            .get(thingId)
            .flatMap(Thing::getRevision)
            .map(r -> r.toLong() < revision)
            .orElse(true)
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  /** A twin created (or re-described) after the start that matches joins the last wave. */
  private void lateJoin(String thingId) {
    Optional<Thing> twin = twins.get(thingId);
    if (twin.isEmpty()) {
      return;
    }
    for (Campaign c : campaigns.values()) {
      if (c.status.active() && eligible(c, twin.get())) {
        int last = c.waveCount() - 1;
        join(c, thingId, model(twin.get()), last);
        Rollout r = c.devices.get(thingId);
        emitDevice(c, r, "joined the running campaign in wave " + (last + 1));
        if (c.currentWave == last) {
          setStatus(c, r, DeviceStatus.READY, "");
        }
        progressFact(c, last);
        process();
        return;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // State changes, mirrored into the rules and marked for writing
  // ---------------------------------------------------------------------------------------------

  private void setStatus(Campaign c, Rollout r, DeviceStatus status, String reason) {
    setStatus(c, r, status, reason, clock.millis());
  }

  private void setStatus(Campaign c, Rollout r, DeviceStatus status, String reason, long at) {
    DeviceStatus old = r.status;
    c.counts[r.wave][old.ordinal()]--;
    c.counts[r.wave][status.ordinal()]++;
    r.status = status;
    r.since = at;
    r.reason = reason;
    dirtyDevices.put(r, c);
    if (status != DeviceStatus.PENDING) {
      rules.put(
          deviceKey(c, r), new DeviceRollout(c.spec.id(), r.thingId, r.wave, status, r.since));
    }
    if (status == DeviceStatus.READY || status == DeviceStatus.DEFERRED) {
      rules.put(readinessKey(r.thingId), readiness(r.thingId));
    } else if (old == DeviceStatus.READY || old == DeviceStatus.DEFERRED) {
      rules.remove(readinessKey(r.thingId));
    }
    if (status == DeviceStatus.CANCELLED || status == DeviceStatus.ROLLED_BACK) {
      activeByThing.remove(r.thingId, c);
    }
    if (r.wave <= c.currentWave && c.started.isPresent()) {
      if (batching) {
        progressTouched.add(c);
      } else {
        progressFact(c, r.wave);
      }
    }
    emitDevice(c, r, reason);
  }

  private void setCampaignStatus(Campaign c, CampaignStatus status, String reason) {
    c.status = status;
    c.reason = reason;
    dirtyCampaigns.add(c);
    if (c.started.isPresent()) {
      rules.put(
          "campaign:" + c.spec.id(),
          new CampaignFact(c.spec.id(), status, c.currentWave, c.waveCount()));
    }
    emit(c, reason);
    LOG.info("campaign {}: {} (wave {}): {}", c.spec.id(), status, c.currentWave + 1, reason);
  }

  private void campaignFacts(Campaign c) {
    CampaignSpec s = c.spec;
    rules.put(
        "campaign:" + s.id(), new CampaignFact(s.id(), c.status, c.currentWave, c.waveCount()));
    rules.put(
        "policy:" + s.id(),
        new CampaignPolicy(
            s.id(),
            s.deviceTimeout().toMillis(),
            s.abortOnErrors(),
            s.rollbackOnAbort(),
            s.minBatteryPercent(),
            s.requireOnline(),
            s.skipQuarantined()));
    windowFact(c);
  }

  private void windowFact(Campaign c) {
    Instant now = clock.instant();
    boolean open =
        c.spec.windows().isEmpty() || c.spec.windows().stream().anyMatch(w -> w.isOpen(now));
    rules.put("window:" + c.spec.id(), new WindowState(c.spec.id(), open));
  }

  private void progressFact(Campaign c, int w) {
    int[] n = c.counts[w];
    int waiting =
        n[DeviceStatus.READY.ordinal()]
            + n[DeviceStatus.DEFERRED.ordinal()]
            + n[DeviceStatus.QUEUED.ordinal()];
    int inFlight =
        n[DeviceStatus.ISSUED.ordinal()]
            + n[DeviceStatus.DOWNLOADING.ordinal()]
            + n[DeviceStatus.INSTALLING.ordinal()]
            + n[DeviceStatus.ROLLING_BACK.ordinal()];
    rules.put(
        "progress:" + c.spec.id() + ":" + w,
        new WaveProgress(
            c.spec.id(),
            w,
            c.sizes[w],
            c.succeeded(w),
            n[DeviceStatus.FAILED.ordinal()],
            n[DeviceStatus.REJECTED.ordinal()],
            n[DeviceStatus.TIMED_OUT.ordinal()],
            waiting,
            inFlight,
            c.acknowledged[w]));
  }

  private void refreshReadiness(String thingId) {
    Campaign c = activeByThing.get(thingId);
    if (c == null) {
      return;
    }
    Rollout r = c.devices.get(thingId);
    if (r.status == DeviceStatus.READY || r.status == DeviceStatus.DEFERRED) {
      rules.put(readinessKey(thingId), readiness(thingId));
      process();
    }
  }

  private DeviceReadiness readiness(String thingId) {
    Optional<Thing> twin = twins.get(thingId);
    double battery =
        twin.flatMap(t -> property(t, "battery", "level"))
            .filter(JsonValue::isNumber)
            .map(JsonValue::asDouble)
            .orElse(-1.0);
    boolean mains =
        twin.flatMap(t -> t.getAttributes().flatMap(a -> a.getValue("power")))
            .filter(JsonValue::isString)
            .map(JsonValue::asString)
            .map("mains"::equals)
            .orElse(false);
    boolean quarantined =
        twin.flatMap(t -> property(t, "security", "state"))
            .filter(JsonValue::isString)
            .map(JsonValue::asString)
            .map("quarantined"::equals)
            .orElse(false);
    return new DeviceReadiness(thingId, battery, mains, online.contains(thingId), quarantined);
  }

  // ---------------------------------------------------------------------------------------------
  // Writing and restoring
  // ---------------------------------------------------------------------------------------------

  /**
   * Hands the changes to the writer; the future completes once they are durable and the commands
   * they issue have been handed to the command port. With nothing to write it is the previous
   * write's future: the writer runs in order, so that one covers every change made so far.
   */
  private CompletableFuture<Void> flush() {
    if (dirtyCampaigns.isEmpty() && dirtyDevices.isEmpty() && outgoing.isEmpty()) {
      return lastWrite;
    }
    List<StoredCampaign> cs = dirtyCampaigns.stream().map(Campaign::stored).toList();
    List<StoredDevice> ds = new ArrayList<>(dirtyDevices.size());
    dirtyDevices.forEach((r, c) -> ds.add(r.stored(c.spec.id())));
    List<Outgoing> out = List.copyOf(outgoing);
    dirtyCampaigns.clear();
    dirtyDevices.clear();
    outgoing.clear();
    CompletableFuture<Void> write =
        CompletableFuture.runAsync(
            () -> {
              store.save(cs, ds);
              out.forEach(this::dispatch);
            },
            writer);
    write.exceptionally(
        e -> {
          LOG.error("campaign state not stored: {}", rootMessage(e));
          if (!out.isEmpty()) {
            // not sent either: a command whose issue is not durable could be sent twice
            loop.execute(
                () ->
                    guarded(
                        () -> {
                          for (Outgoing o : out) {
                            refused(
                                o.campaign(),
                                o.rollout(),
                                o.sentAs(),
                                "not sent, the campaign store failed: " + rootMessage(e));
                          }
                          process();
                        }));
          }
          return null;
        });
    lastWrite = write.exceptionally(e -> null);
    return write;
  }

  private void restore(StoredCampaign s, List<StoredDevice> devices) {
    FirmwareArtifact artifact = artifacts.get(s.spec().artifact());
    if (artifact == null) {
      LOG.error(
          "campaign {} names unknown artifact {}; skipped", s.spec().id(), s.spec().artifact());
      return;
    }
    Campaign c = new Campaign(s.spec(), artifact, s.created());
    c.status = s.status();
    c.currentWave = s.currentWave();
    c.started = s.started();
    c.finished = s.finished();
    c.reason = s.reason();
    for (int w = 0; w < Math.min(c.acknowledged.length, s.acknowledgedErrors().size()); w++) {
      c.acknowledged[w] = s.acknowledgedErrors().get(w);
    }
    campaigns.put(s.spec().id(), c);
    c.tokens = initialTokens(s.spec());
    if (c.started.isEmpty()) {
      // a draw cut short by the crash or by an abort: its rows are partial, and a campaign that
      // was starting is drawn again from the fleet as it is now
      if (!devices.isEmpty()) {
        String id = c.spec.id();
        CompletableFuture.runAsync(() -> store.deleteDevices(id), writer);
      }
      if (c.status == CampaignStatus.STARTING) {
        LOG.info("campaign {} was being drawn; drawing it again", c.spec.id());
        beginDraw(c);
      }
      return;
    }
    boolean active = c.status.active();
    for (StoredDevice d : devices) {
      Rollout r = new Rollout(d.thingId(), d.model(), d.wave());
      // the send queue is not stored: a device queued before the restart waits to be issued again
      r.status = d.status() == DeviceStatus.QUEUED ? DeviceStatus.READY : d.status();
      r.since = d.sinceMillis();
      r.reason = d.reason();
      r.previous = d.previousVersion();
      c.devices.put(r.thingId, r);
      c.counts[r.wave][r.status.ordinal()]++;
      c.sizes[r.wave]++;
      boolean stillBusy = r.status == DeviceStatus.INSTALLED || r.status.inFlight();
      if (active || c.status == CampaignStatus.ABORTED && stillBusy) {
        activeByThing.put(r.thingId, c);
      }
    }
    if (c.started.isEmpty() || c.status == CampaignStatus.COMPLETED) {
      return;
    }
    campaignFacts(c);
    for (int w = 0; w <= c.currentWave; w++) {
      rules.put(
          thresholdsKey(c, w),
          new WaveThresholds(
              c.spec.id(),
              w,
              c.spec.thresholds().get(w).successPercent(),
              c.spec.thresholds().get(w).errorPercent(),
              c.spec.thresholds().get(w).minExecuted()));
      progressFact(c, w);
    }
    for (Rollout r : c.devices.values()) {
      if (r.status != DeviceStatus.PENDING) {
        rules.put(
            deviceKey(c, r), new DeviceRollout(c.spec.id(), r.thingId, r.wave, r.status, r.since));
      }
      if (r.status == DeviceStatus.READY || r.status == DeviceStatus.DEFERRED) {
        rules.put(readinessKey(r.thingId), readiness(r.thingId));
      }
    }
    int[] caughtUp = new int[1];
    inBatch(() -> caughtUp[0] = catchUp(c));
    int withdrawn = withdrawDelivered(c);
    LOG.info(
        "campaign {}: {} device reports taken from the twins, {} delivered commands withdrawn",
        c.spec.id(),
        caughtUp[0],
        withdrawn);
    LOG.info(
        "campaign {} resumes {} in wave {} with {} devices",
        c.spec.id(),
        c.status,
        c.currentWave + 1,
        c.devices.size());
  }

  /**
   * Applies the firmware reports that reached the twins but not the campaign's rows. A device's
   * progress event is acknowledged once its twin is durable, while the campaign writes its own rows
   * a moment later; after a crash the twin is the authority. A report counts if the twin took it at
   * or after the device's stored status (its {@code observedAt} metadata), so a state left from
   * before the command is not mistaken for an answer; the campaign's version reported installed is
   * an answer whenever it came, as no selected device ran that version.
   *
   * @return how many devices moved
   */
  private int catchUp(Campaign c) {
    int moved = 0;
    String target = c.artifact.version();
    for (Rollout r : c.devices.values()) {
      if (!r.status.inFlight() && r.status != DeviceStatus.TIMED_OUT) {
        continue;
      }
      Optional<Thing> twin = twins.get(r.thingId);
      Optional<String> state = twin.flatMap(t -> reportedFirmware(t, "state"));
      if (state.isEmpty()) {
        continue;
      }
      Optional<String> version = twin.flatMap(t -> reportedFirmware(t, "version"));
      String reason = twin.flatMap(t -> reportedFirmware(t, "reason")).orElse("");
      long observed =
          twin.flatMap(Thing::getMetadata)
              .flatMap(
                  m -> m.getValue(JsonPointer.of(FIRMWARE + "state/" + TwinService.OBSERVED_AT)))
              .filter(JsonValue::isString)
              .map(v -> Instant.parse(v.asString()).toEpochMilli())
              .orElse(Long.MIN_VALUE);
      boolean reachedTarget =
          r.status != DeviceStatus.ROLLING_BACK
              && state.get().equals("installed")
              && version.map(target::equals).orElse(false);
      if (observed >= r.since || reachedTarget) {
        DeviceStatus before = r.status;
        progress(c, r, state.get(), version, reason, Math.max(observed, r.since));
        if (r.status != before) {
          moved++;
        }
      }
    }
    return moved;
  }

  /**
   * Takes back from the outbox the commands of devices whose reports show they got them: the outbox
   * delivers at least once and may offer such a command again after a crash, and a device that
   * already installed the update must not be asked again.
   */
  private int withdrawDelivered(Campaign c) {
    int withdrawn = 0;
    for (Rollout r : c.devices.values()) {
      boolean updateArrived =
          switch (r.status) {
            case DOWNLOADING, INSTALLING, INSTALLED, FAILED, ROLLING_BACK, ROLLED_BACK -> true;
            default -> false;
          };
      if (!updateArrived) {
        continue;
      }
      DeviceId device = DeviceId.ofThingId(r.thingId);
      withdrawn += commands.withdraw(device, FirmwareCommand.Kind.UPDATE.commandName());
      if (r.status == DeviceStatus.ROLLED_BACK) {
        withdrawn += commands.withdraw(device, FirmwareCommand.Kind.ROLLBACK.commandName());
      }
    }
    return withdrawn;
  }

  // ---------------------------------------------------------------------------------------------
  // Events
  // ---------------------------------------------------------------------------------------------

  private void emit(Campaign c, String message) {
    if (listeners.isEmpty()) {
      return;
    }
    publish(
        new CampaignEvent(
            c.spec.id(),
            "campaign",
            Optional.empty(),
            c.status.name().toLowerCase(java.util.Locale.ROOT),
            c.currentWave,
            message,
            clock.instant()));
  }

  private void emitDevice(Campaign c, Rollout r, String message) {
    if (listeners.isEmpty()) {
      return;
    }
    publish(
        new CampaignEvent(
            c.spec.id(),
            "device",
            Optional.of(r.thingId),
            r.status.name().toLowerCase(java.util.Locale.ROOT),
            r.wave,
            message,
            clock.instant()));
  }

  private void publish(CampaignEvent event) {
    for (Consumer<CampaignEvent> l : listeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("campaign listener failed: {}", e.toString());
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing
  // ---------------------------------------------------------------------------------------------

  private <T> CompletableFuture<T> submit(Callable<CompletableFuture<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(
        () -> {
          if (rulesFailure != null) {
            result.completeExceptionally(
                new IllegalStateException(
                    "campaigns are unavailable: the campaign pack could not be loaded: "
                        + rootMessage(rulesFailure),
                    rulesFailure));
            return;
          }
          try {
            task.call()
                .whenComplete(
                    (v, e) -> {
                      if (e != null) {
                        result.completeExceptionally(e);
                      } else {
                        result.complete(v);
                      }
                    });
          } catch (Exception | Error e) {
            result.completeExceptionally(e);
          }
        });
    return result;
  }

  private <T> T call(Callable<T> task) {
    return await(submit(() -> CompletableFuture.completedFuture(task.call())));
  }

  private static <T> T await(CompletableFuture<T> future) {
    return await(future, CALL_TIMEOUT_SECONDS);
  }

  private static <T> T await(CompletableFuture<T> future, long timeoutSeconds) {
    try {
      return future.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof java.util.concurrent.CompletionException ce
              ? ce.getCause()
              : e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("campaign service did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void guarded(Runnable step) {
    if (rulesFailure != null) {
      return;
    }
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.warn("campaign step failed", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return String.valueOf(t.getMessage());
  }

  private static String thingId(Thing t) {
    return t.getEntityId().orElseThrow().toString();
  }

  private static String model(Thing t) {
    return t.getDefinition().map(Object::toString).orElse("");
  }

  private static Optional<String> reportedFirmware(Thing t, String property) {
    return property(t, "firmware", property).filter(JsonValue::isString).map(JsonValue::asString);
  }

  /** A feature property, read without rendering the whole twin as JSON (which is costly). */
  private static Optional<JsonValue> property(Thing t, String feature, String property) {
    return t.getFeatures()
        .flatMap(f -> f.getFeature(feature))
        .flatMap(f -> f.getProperty(property));
  }

  private static String deviceKey(Campaign c, Rollout r) {
    return "device:" + c.spec.id() + '\u0000' + r.thingId;
  }

  private static String readinessKey(String thingId) {
    return "ready:" + thingId;
  }

  private static String thresholdsKey(Campaign c, int w) {
    return "thresholds:" + c.spec.id() + ":" + w;
  }

  /** Writes what is pending and stops both threads. */
  @Override
  public void close() {
    try {
      await(submit(this::flush));
    } catch (RuntimeException e) {
      LOG.warn("campaign state not written on close: {}", e.toString());
    }
    drawer.shutdownNow();
    loop.shutdown();
    writer.shutdown();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
      writer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    rules.close();
  }

  // ---------------------------------------------------------------------------------------------
  // Runtime state
  // ---------------------------------------------------------------------------------------------

  /** One device of a campaign, mutable, confined to the loop. */
  private static final class Rollout {
    final String thingId;
    final String model;
    final int wave;
    DeviceStatus status = DeviceStatus.PENDING;
    long since;
    String reason = "";
    String previous = "";

    Rollout(String thingId, String model, int wave) {
      this.thingId = thingId;
      this.model = model;
      this.wave = wave;
    }

    StoredDevice stored(String campaignId) {
      return new StoredDevice(campaignId, thingId, model, wave, status, since, reason, previous);
    }
  }

  /** One campaign, mutable, confined to the loop. */
  private static final class Campaign {
    final CampaignSpec spec;
    final FirmwareArtifact artifact;
    final io.twinwright.twin.search.RqlFilter filter;
    final Instant created;
    final Map<String, Rollout> devices = new LinkedHashMap<>();
    final ArrayDeque<Rollout> queue = new ArrayDeque<>();
    final int[][] counts;
    final int[] sizes;
    final int[] acknowledged;
    // volatile for the draw thread, which polls it to stop an aborted draw early
    volatile CampaignStatus status = CampaignStatus.CREATED;
    int currentWave;
    Optional<Instant> started = Optional.empty();
    Optional<Instant> finished = Optional.empty();
    String reason = "";
    double tokens;

    Campaign(CampaignSpec spec, FirmwareArtifact artifact, Instant created) {
      this.spec = spec;
      this.artifact = artifact;
      this.filter = spec.rql();
      this.created = created;
      int waves = spec.waves().size();
      this.counts = new int[waves][DeviceStatus.values().length];
      this.sizes = new int[waves];
      this.acknowledged = new int[waves];
    }

    int waveCount() {
      return spec.waves().size();
    }

    int succeeded(int w) {
      return counts[w][DeviceStatus.INSTALLED.ordinal()]
          + counts[w][DeviceStatus.ROLLING_BACK.ordinal()]
          + counts[w][DeviceStatus.ROLLED_BACK.ordinal()];
    }

    int errors(int w) {
      return counts[w][DeviceStatus.FAILED.ordinal()]
          + counts[w][DeviceStatus.REJECTED.ordinal()]
          + counts[w][DeviceStatus.TIMED_OUT.ordinal()];
    }

    StoredCampaign stored() {
      List<Integer> ack = new ArrayList<>(acknowledged.length);
      for (int a : acknowledged) {
        ack.add(a);
      }
      return new StoredCampaign(spec, status, currentWave, ack, created, started, finished, reason);
    }

    CampaignView view() {
      List<CampaignView.Wave> waves = new ArrayList<>(spec.waves().size());
      for (int w = 0; w < spec.waves().size(); w++) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (DeviceStatus s : DeviceStatus.values()) {
          if (counts[w][s.ordinal()] > 0) {
            byStatus.put(s.name().toLowerCase(java.util.Locale.ROOT), counts[w][s.ordinal()]);
          }
        }
        CampaignSpec.Thresholds t = spec.thresholds().get(w);
        waves.add(
            new CampaignView.Wave(
                w,
                sizes[w],
                succeeded(w),
                errors(w),
                byStatus,
                t.successPercent(),
                t.errorPercent(),
                t.minExecuted()));
      }
      return new CampaignView(
          spec, artifact, status, currentWave, reason, created, started, finished, waves);
    }
  }
}
