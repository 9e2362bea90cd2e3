package io.twinwright.rules;

import io.twinwright.rules.actions.ActionLedger;
import io.twinwright.rules.facts.AuthFailure;
import io.twinwright.rules.facts.Connectivity;
import io.twinwright.rules.facts.FirmwareAllowList;
import io.twinwright.rules.facts.FirmwareReport;
import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.MonitoringPolicy;
import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.rules.packs.PackCache;
import io.twinwright.rules.packs.PackProblem;
import io.twinwright.rules.packs.RulePacks;
import io.twinwright.rules.session.Partition;
import io.twinwright.rules.session.Work;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TwinEvent;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rule packs over twin changes, connectivity changes, authentication failures and firmware
 * reports.
 *
 * <p>Devices are spread over {@link RulesConfig#partitions()} sessions by the hash of their thing
 * id, so all facts of one device live in one session and are applied in the order they were
 * submitted. Every method except {@link #reload()} only enqueues and returns: rules are evaluated
 * on the partition threads, and outcomes reach the platform through {@link RuleActions}, each call
 * deduplicated and recorded to the {@link AuditSink}. Model limits, policies and parameters go to
 * every partition.
 *
 * <p>Message flooding is counted from twin changes: every {@link #onTwinEvent} of a device is one
 * message. A message that changes no twin (rejected, unmapped) does not reach the rules; the device
 * adapters refuse those themselves.
 */
public final class RuleEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);
  private static final long CLOSE_TIMEOUT_SECONDS = 10;
  private static final long RELOAD_TIMEOUT_SECONDS = 60;

  private final RulesConfig config;
  private final SessionClockMode mode;
  private final List<Partition> partitions;
  private final LongAdder processed = new LongAdder();
  private final AtomicLong pseudoMillis = new AtomicLong();
  private final Optional<ScheduledExecutorService> ticker;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object reloading = new Object();
  private final CompletableFuture<Void> ready;
  private final boolean packsCached;

  /** As {@link #RuleEngine(RulesConfig, RuleActions, AuditSink, SessionClockMode)}, unaudited. */
  public RuleEngine(RulesConfig config, RuleActions actions, SessionClockMode mode) {
    this(config, actions, AuditSink.none(), mode);
  }

  /**
   * Compiles the rule packs (or reads them from {@link RulesConfig#cacheDir()} if they are cached
   * there) and starts the partitions.
   *
   * @param actions what the rules make happen
   * @param audit where every action a rule takes is recorded
   * @throws IllegalArgumentException if a rule pack does not compile (the message lists every
   *     problem with its file and line)
   */
  public RuleEngine(
      RulesConfig config, RuleActions actions, AuditSink audit, SessionClockMode mode) {
    this(
        config,
        actions,
        audit,
        mode,
        CompletableFuture.completedFuture(
            RulePacks.tryCompile(RulePacks.sources(config.packDir()), config.cacheDir()).orThrow()),
        false);
  }

  /**
   * An engine that takes inputs at once and gets its packs on a thread of its own: what is
   * submitted meanwhile queues in order and is evaluated once {@link #ready()} completes. A
   * restarting platform uses it so that the packs do not hold up serving.
   *
   * <p>Packs in the {@link RulesConfig#cacheDir() cache} are read back once {@code after}
   * completes; a cached base compiled without errors when it was cached. Packs that are not cached
   * (new or changed since the last run, or a new platform version) are compiled at once, and a pack
   * with errors fails {@link #ready()} with the problems: a caller that must refuse such content
   * waits for it when {@link #packsCached()} is false.
   *
   * @param after the cached packs are read once this completes (a restarting platform passes its
   *     twins being parsed, which needs the same cores)
   */
  public static RuleEngine starting(
      RulesConfig config,
      RuleActions actions,
      AuditSink audit,
      SessionClockMode mode,
      CompletionStage<?> after) {
    Map<String, String> sources = RulePacks.sources(config.packDir());
    boolean cached = config.cacheDir().map(dir -> new PackCache(dir).holds(sources)).orElse(false);
    CompletableFuture<KieBase> base = new CompletableFuture<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                if (cached) {
                  after.toCompletableFuture().join();
                }
                base.complete(RulePacks.tryCompile(sources, config.cacheDir()).orThrow());
              } catch (RuntimeException | Error e) {
                LOG.error(
                    "rule packs could not be {}: {}",
                    cached ? "read back" : "compiled",
                    e.toString());
                base.completeExceptionally(e);
              }
            },
            "rules-loader");
    loader.setDaemon(true);
    loader.start();
    return new RuleEngine(config, actions, audit, mode, base, cached);
  }

  private RuleEngine(
      RulesConfig config,
      RuleActions actions,
      AuditSink audit,
      SessionClockMode mode,
      CompletableFuture<KieBase> base,
      boolean packsCached) {
    this.config = Objects.requireNonNull(config, "config");
    this.packsCached = packsCached;
    Objects.requireNonNull(actions, "actions");
    Objects.requireNonNull(audit, "audit");
    this.mode = Objects.requireNonNull(mode, "mode");
    ActionLedger ledger = new ActionLedger();
    List<Partition> created = new ArrayList<>(config.partitions());
    for (int i = 0; i < config.partitions(); i++) {
      created.add(new Partition(i, base, mode, actions, ledger, audit, processed));
    }
    this.partitions = List.copyOf(created);
    this.ready =
        CompletableFuture.allOf(
            partitions.stream().map(Partition::opened).toArray(CompletableFuture[]::new));
    if (mode == SessionClockMode.REAL) {
      ScheduledExecutorService scheduler =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "rules-clock");
                thread.setDaemon(true);
                return thread;
              });
      long period = config.tickInterval().toMillis();
      scheduler.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
      this.ticker = Optional.of(scheduler);
    } else {
      this.ticker = Optional.empty();
    }
    ready.whenComplete(
        (v, e) -> {
          if (e == null) {
            LOG.info("rule engine started: {} partitions, {} clock", partitions.size(), mode);
          }
        });
  }

  /**
   * Completes once every partition has its session and evaluates what was queued; fails if the
   * packs could not be loaded (then the partitions drop their inputs).
   */
  public CompletableFuture<Void> ready() {
    return ready.copy();
  }

  /**
   * Whether {@link #starting} found its packs in the cache (they are then known to compile), rather
   * than compiling them.
   */
  public boolean packsCached() {
    return packsCached;
  }

  /** Defines or replaces the limits of a Thing Model. */
  public void defineModel(ModelLimits limits) {
    Objects.requireNonNull(limits, "limits");
    toAll(new Work.DefineModel(limits));
  }

  public void setSecurityPolicy(SecurityPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    toAll(new Work.SetSecurityPolicy(policy));
  }

  public void setMonitoringPolicy(MonitoringPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    toAll(new Work.SetMonitoringPolicy(policy));
  }

  /** Defines or replaces the firmware allow-list of a model; models without one are not checked. */
  public void setFirmwareAllowList(FirmwareAllowList allowList) {
    Objects.requireNonNull(allowList, "allowList");
    toAll(new Work.SetFirmwareAllowList(allowList));
  }

  /**
   * Puts a parameter fact into every partition under a key, replacing the one put before under the
   * same key: how packs get thresholds that are not part of {@link ModelLimits} or the policies
   * (per asset class, from Thing Models or the ontology). The fact must be a Java class on the
   * engine's class path; it is re-inserted after a reload.
   */
  public void putParameter(String key, Object fact) {
    requireKey(key);
    Objects.requireNonNull(fact, "fact");
    toAll(new Work.PutFact("parameter:" + key, Optional.of(fact)));
  }

  public void removeParameter(String key) {
    requireKey(key);
    toAll(new Work.PutFact("parameter:" + key, Optional.empty()));
  }

  /**
   * Puts a fact about one device into its partition under a key, replacing the one put before under
   * the same device and key (e.g. which asset and position a sensor has).
   */
  public void putDeviceFact(String thingId, String key, Object fact) {
    requireKey(key);
    Objects.requireNonNull(fact, "fact");
    partitionOf(thingId)
        .submit(new Work.PutFact("device:" + thingId + '\u0000' + key, Optional.of(fact)));
  }

  public void removeDeviceFact(String thingId, String key) {
    requireKey(key);
    partitionOf(thingId)
        .submit(new Work.PutFact("device:" + thingId + '\u0000' + key, Optional.empty()));
  }

  /**
   * Makes a twin known to the rules before it reports, so that a device that never reports is found
   * silent. It counts as seen now.
   *
   * @param modelId its Thing Model reference, or empty if it has none
   */
  public void registerTwin(String thingId, String modelId) {
    register(thingId, modelId, Optional.empty());
  }

  /** As {@link #registerTwin(String, String)}, for a twin last seen at a known time. */
  public void registerTwin(String thingId, String modelId, Instant lastSeen) {
    register(thingId, modelId, Optional.of(lastSeen));
  }

  /**
   * Feeds a twin change: each changed numeric property becomes the device's current measurement,
   * and the device counts as seen at {@link TwinEvent#modified()}. A non-empty {@link
   * TwinEvent#definition()} sets the twin's model. A deletion removes the device's facts.
   */
  public void onTwinEvent(TwinEvent event) {
    String thingId = event.thingId();
    partitionOf(thingId).submit(new Work.TwinChange(thingId, event));
  }

  public void onAuthFailure(DeviceId device, Instant at, String remoteAddress) {
    String thingId = device.thingId();
    AuthFailure failure = new AuthFailure(thingId, remoteAddress, at.toEpochMilli());
    partitionOf(thingId).submit(new Work.AuthFailed(failure));
  }

  /**
   * A device opened or closed a connection. The rules see the event and, while it is open, a {@code
   * Connection} fact per credential and remote address.
   *
   * @param authId the credential it authenticated with (Hono auth-id, without the tenant)
   */
  public void onConnectivity(
      DeviceId device, boolean connected, String remoteAddress, String authId, Instant at) {
    String thingId = device.thingId();
    Connectivity change =
        new Connectivity(thingId, connected, remoteAddress, authId, at.toEpochMilli());
    partitionOf(thingId).submit(new Work.ConnectivityChanged(change));
  }

  /**
   * An adapter refused a message of the device for exceeding a rate limit; the device counts as
   * flooding (the security pack's message-flooding finding), since the refused messages never reach
   * its twin to be counted there.
   */
  public void onRateLimited(DeviceId device, Instant at) {
    String thingId = device.thingId();
    partitionOf(thingId).submit(new Work.RateLimited(thingId, at.toEpochMilli()));
  }

  /** A device reported the firmware it runs. */
  public void onFirmwareReport(DeviceId device, String version, String sha256, Instant at) {
    String thingId = device.thingId();
    FirmwareReport report = new FirmwareReport(thingId, version, sha256, at.toEpochMilli());
    partitionOf(thingId).submit(new Work.FirmwareReported(report));
  }

  /**
   * The registry decommissioned a device: from now on, any report or connection of it is a security
   * finding. At startup call it after {@link #registerTwin}.
   */
  public void onDecommissioned(DeviceId device) {
    String thingId = device.thingId();
    partitionOf(thingId).submit(new Work.Decommission(thingId, true));
  }

  /** The registry took a decommissioned device back into service. */
  public void onRecommissioned(DeviceId device) {
    String thingId = device.thingId();
    partitionOf(thingId).submit(new Work.Decommission(thingId, false));
  }

  /**
   * An operator released the device from quarantine: its security findings are dropped and its
   * security alerts cleared, so a new attack quarantines the device again.
   */
  public void onQuarantineReleased(String thingId) {
    partitionOf(thingId).submit(new Work.QuarantineRelease(thingId));
  }

  /**
   * An operator closed a work order: opening the same order again is no longer a repeat, and the
   * rules see a {@code WorkOrderClosed} event.
   */
  public void onWorkOrderClosed(String thingId, String code) {
    Objects.requireNonNull(code, "code");
    partitionOf(thingId).submit(new Work.WorkOrderClosed(thingId, code));
  }

  /**
   * Tells the rules about an alert that was open before a restart: the rules that raise it stay
   * quiet while it is open, and the rules that clear it clear it on evidence that arrives from now
   * on. Call it after {@link #registerTwin} for the twins of the open alerts.
   */
  public void restoreAlert(String thingId, String code) {
    AlertRequest.requireText(code, "code");
    partitionOf(thingId).submit(new Work.RestoreAlert(thingId, code));
  }

  /**
   * Recompiles the rule packs (bundled and the pack folder, as at startup) and, if they compile,
   * moves every partition to a session of the new knowledge base. Each partition swaps between two
   * items of its queue: what was submitted before is processed by the old session, what is
   * submitted after by the new one, so no input is lost or processed twice. The facts the engine
   * keeps (twins, measurements, models, policies, parameters, connections) are re-inserted, and the
   * facts the rules made (findings, raised alerts, live events) carried over, so the new rules
   * continue where the old ones stopped; facts of types declared inside DRL are left for the new
   * rules to derive again.
   *
   * <p>Packs that have not changed since they were cached are read from the cache; changed packs
   * are compiled and, if they compile, cached. If the packs do not compile, the running sessions
   * are kept and the report lists every error with its file and line. Blocks until every partition
   * has swapped; one reload at a time.
   */
  public ReloadReport reload() {
    requireOpen();
    synchronized (reloading) {
      long t0 = System.nanoTime();
      RulePacks.Compilation compilation;
      try {
        compilation = RulePacks.tryCompile(RulePacks.sources(config.packDir()), config.cacheDir());
      } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
        String where = config.packDir().map(Object::toString).orElse("bundled packs");
        return refused(List.of(new PackProblem(where, 0, e.getMessage())), List.of(), t0);
      }
      if (compilation.base().isEmpty()) {
        LOG.warn("rule reload refused: {} problems", compilation.problems().size());
        return refused(compilation.problems(), compilation.sources(), t0);
      }
      KieBase base = compilation.base().get();
      // sessions are created before any partition swaps, so a failure here changes nothing
      List<KieSession> sessions = new ArrayList<>(partitions.size());
      try {
        for (int i = 0; i < partitions.size(); i++) {
          sessions.add(Partition.newSession(base, mode));
        }
      } catch (RuntimeException e) {
        sessions.forEach(KieSession::dispose);
        return refused(
            List.of(new PackProblem("(session)", 0, "cannot create a session: " + e)),
            compilation.sources(),
            t0);
      }
      List<CompletableFuture<Integer>> swapped = new ArrayList<>(partitions.size());
      for (int i = 0; i < partitions.size(); i++) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        swapped.add(done);
        partitions.get(i).submit(new Work.Swap(sessions.get(i), done));
      }
      long carried = 0;
      List<PackProblem> failures = new ArrayList<>();
      for (int i = 0; i < swapped.size(); i++) {
        try {
          carried += swapped.get(i).get(RELOAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failures.add(new PackProblem("rules-partition-" + i, 0, "interrupted"));
        } catch (ExecutionException | TimeoutException e) {
          failures.add(new PackProblem("rules-partition-" + i, 0, "swap failed: " + e));
        }
      }
      if (!failures.isEmpty()) {
        return refused(failures, compilation.sources(), t0);
      }
      ReloadReport report =
          new ReloadReport(
              true,
              compilation.sources(),
              List.of(),
              carried,
              Duration.ofNanos(System.nanoTime() - t0));
      LOG.info("{}", report.describe());
      return report;
    }
  }

  private static ReloadReport refused(List<PackProblem> problems, List<String> packs, long t0) {
    return new ReloadReport(false, packs, problems, 0, Duration.ofNanos(System.nanoTime() - t0));
  }

  /**
   * Moves the pseudo clock forward in every partition and fires the rules that became due.
   *
   * @throws IllegalStateException with the real-time clock
   */
  public void advanceTime(Duration duration) {
    if (mode != SessionClockMode.PSEUDO) {
      throw new IllegalStateException("advanceTime needs the PSEUDO clock, this engine is " + mode);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time cannot go back: " + duration);
    }
    pseudoMillis.addAndGet(duration.toMillis());
    toAll(new Work.Advance(duration.toMillis()));
  }

  /**
   * The engine's time: wall-clock time, or with the pseudo clock the epoch plus every {@link
   * #advanceTime} so far.
   */
  public Instant now() {
    return mode == SessionClockMode.PSEUDO
        ? Instant.ofEpochMilli(pseudoMillis.get())
        : Instant.now();
  }

  /**
   * Completes when everything submitted before this call has been applied and the rules have fired
   * on it in every partition.
   */
  public CompletableFuture<Void> drain() {
    if (closed.get()) {
      // close() drained the partitions before stopping them
      return CompletableFuture.completedFuture(null);
    }
    return drainPartitions();
  }

  private CompletableFuture<Void> drainPartitions() {
    CompletableFuture<?>[] done = new CompletableFuture<?>[partitions.size()];
    for (int i = 0; i < done.length; i++) {
      CompletableFuture<Void> barrier = new CompletableFuture<>();
      done[i] = barrier;
      partitions.get(i).submit(new Work.Barrier(barrier));
    }
    return CompletableFuture.allOf(done);
  }

  /**
   * How many inputs (twin changes, authentication failures, connectivity changes, firmware reports)
   * have been applied so far.
   */
  public long processedCount() {
    return processed.sum();
  }

  /** Stops the clock, lets the partitions finish what was submitted, and disposes the sessions. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ticker.ifPresent(ScheduledExecutorService::shutdownNow);
    try {
      drainQuietly();
      for (Partition partition : partitions) {
        partition.close(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("rule engine stopped after {} inputs", processedCount());
  }

  private void drainQuietly() throws InterruptedException {
    try {
      drainPartitions().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("rule partitions did not drain before close", e);
    }
  }

  private static void requireKey(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("key must not be blank");
    }
  }

  private void register(String thingId, String modelId, Optional<Instant> lastSeen) {
    DeviceId.ofThingId(thingId);
    Objects.requireNonNull(modelId, "modelId");
    partitionOf(thingId).submit(new Work.Registration(thingId, modelId, lastSeen));
  }

  private void tick() {
    for (Partition partition : partitions) {
      partition.tick();
    }
  }

  private void toAll(Work work) {
    requireOpen();
    for (Partition partition : partitions) {
      partition.submit(work);
    }
  }

  private Partition partitionOf(String thingId) {
    requireOpen();
    return partitions.get(Math.floorMod(thingId.hashCode(), partitions.size()));
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("rule engine is closed");
    }
  }
}
