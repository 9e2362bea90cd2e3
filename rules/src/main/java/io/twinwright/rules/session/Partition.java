package io.twinwright.rules.session;

import io.twinwright.rules.AuditSink;
import io.twinwright.rules.RuleActions;
import io.twinwright.rules.SessionClockMode;
import io.twinwright.rules.actions.ActionLedger;
import io.twinwright.rules.actions.AuditedActions;
import io.twinwright.rules.facts.Connection;
import io.twinwright.rules.facts.Connectivity;
import io.twinwright.rules.facts.Decommissioned;
import io.twinwright.rules.facts.Device;
import io.twinwright.rules.facts.HighAlarm;
import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.MonitoringPolicy;
import io.twinwright.rules.facts.Now;
import io.twinwright.rules.facts.QuarantineReleased;
import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.rules.facts.WorkOrderClosed;
import io.twinwright.rules.findings.RaisedAlert;
import io.twinwright.rules.maintenance.TrackerFeed;
import io.twinwright.rules.reactivity.MaskedUpdates;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;
import org.kie.api.time.SessionPseudoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule session and the single thread that owns it. {@link #submit} may be called from any
 * thread and never waits for rule evaluation; everything else runs on the partition thread.
 *
 * <p>The facts the engine owns (devices, measurements, models, policies, parameters, connections)
 * are kept here with their handles, so a reload can re-insert them into a new session; the facts
 * the rules inserted (findings, raised alerts, live events) are carried over from the old session
 * object by object. A swap is one item of the queue: what was queued before it is processed by the
 * old session, what was queued after by the new one.
 */
public final class Partition {
  private static final Logger LOG = LoggerFactory.getLogger(Partition.class);

  /** Bounds one batch so that ticks and barriers queued behind a burst are not starved. */
  private static final int MAX_BATCH = 4096;

  private static final String ACTIONS_GLOBAL = "actions";
  private static final String TRACKERS_GLOBAL = "trackers";
  private static final String NOW = "now";
  private static final String SECURITY = "policy:security";
  private static final String MONITORING = "policy:monitoring";

  private final String name;
  private final SessionClockMode mode;
  private final ExecutorService executor;
  private final Queue<Work> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean tickQueued = new AtomicBoolean();
  private final LongAdder processed;
  private final ActionLedger ledger;
  private final AuditedActions actions;

  // Confined to the partition thread from here on.
  private KieSession session;
  private TrackerFeed feed = new TrackerFeed();
  private MaskedUpdates updates;
  private final Map<String, DeviceFacts> devices = new HashMap<>();
  private final List<DeviceFacts> pendingDevices = new ArrayList<>();
  private final ManagedFacts managed = new ManagedFacts();
  private final Map<String, ModelLimits> models = new HashMap<>();
  private final Map<String, Integer> openConnections = new HashMap<>();
  private final List<CompletableFuture<Void>> barriers = new ArrayList<>();
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private MonitoringPolicy monitoring = MonitoringPolicy.defaults();
  private SecurityPolicy security = SecurityPolicy.defaults();

  /**
   * Starts the partition's thread. Its session is made from the base once the base is there: work
   * submitted before queues in order behind it, so a platform can take inputs while its packs are
   * still being read.
   *
   * @param index the partition number, used in the thread name
   * @param base the knowledge base, possibly still loading
   * @param ledger the engine's record of actions in effect, shared by its partitions
   * @param processed counts applied inputs, shared by all partitions of an engine
   */
  public Partition(
      int index,
      CompletableFuture<KieBase> base,
      SessionClockMode mode,
      RuleActions actions,
      ActionLedger ledger,
      AuditSink audit,
      LongAdder processed) {
    this.name = "rules-partition-" + index;
    this.mode = mode;
    this.processed = processed;
    this.ledger = ledger;
    this.actions = new AuditedActions(actions, ledger, audit, this::clockMillis);
    this.executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, name);
              thread.setDaemon(true);
              return thread;
            });
    // the first task of the thread: everything submitted later runs after it
    executor.execute(() -> open(base));
  }

  /** Completes once the partition has its session; fails if the base could not be loaded. */
  public CompletableFuture<Void> opened() {
    return opened;
  }

  private void open(CompletableFuture<KieBase> base) {
    try {
      KieSession first = newSession(base.join(), mode);
      session = first;
      updates = new MaskedUpdates(first);
      attach(first, feed);
      managed.put(NOW, new Now(clockMillis()), first);
      managed.put(SECURITY, security, first);
      managed.put(MONITORING, monitoring, first);
      opened.complete(null);
    } catch (RuntimeException e) {
      Throwable cause = e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
      LOG.error("{} has no session, its inputs are dropped: {}", name, cause.toString());
      opened.completeExceptionally(cause);
    }
  }

  /** A session of the base with the given clock; safe to call from any thread. */
  public static KieSession newSession(KieBase base, SessionClockMode mode) {
    KieSessionConfiguration configuration = KieServices.get().newKieSessionConfiguration();
    configuration.setOption(
        mode == SessionClockMode.PSEUDO ? ClockTypeOption.PSEUDO : ClockTypeOption.REALTIME);
    return base.newKieSession(configuration, null);
  }

  /** Queues work; the partition thread picks it up in order. */
  public void submit(Work work) {
    queue.add(work);
    if (scheduled.compareAndSet(false, true)) {
      executor.execute(this::runBatch);
    }
  }

  /** Queues a clock refresh unless one is already waiting: a busy partition needs only one. */
  public void tick() {
    if (tickQueued.compareAndSet(false, true)) {
      submit(new Work.Tick());
    }
  }

  /** Waits for queued work, then disposes the session and stops the thread. */
  public void close(long timeout, TimeUnit unit) throws InterruptedException {
    executor.execute(
        () -> {
          if (session != null) {
            session.dispose();
          }
        });
    executor.shutdown();
    if (!executor.awaitTermination(timeout, unit)) {
      LOG.warn("{} did not stop within {} {}", name, timeout, unit);
      executor.shutdownNow();
    }
  }

  private void attach(KieSession target, TrackerFeed trackers) {
    if (declaresGlobal(target.getKieBase(), ACTIONS_GLOBAL)) {
      target.setGlobal(ACTIONS_GLOBAL, actions);
    }
    if (declaresGlobal(target.getKieBase(), TRACKERS_GLOBAL)) {
      target.setGlobal(TRACKERS_GLOBAL, trackers);
    }
    target.addEventListener(actions);
    target.addEventListener(trackers);
  }

  private void runBatch() {
    if (session == null) {
      dropAll();
      return;
    }
    try {
      int applied = 0;
      long counted = 0;
      Work work;
      while (applied < MAX_BATCH && (work = queue.poll()) != null) {
        try {
          counted += apply(work);
        } catch (RuntimeException e) {
          LOG.error("{} could not apply {}", name, work, e);
        }
        applied++;
      }
      fire();
      processed.add(counted);
    } finally {
      // barriers are released even after a failure, so drain() and close() never hang
      for (CompletableFuture<Void> barrier : barriers) {
        barrier.complete(null);
      }
      barriers.clear();
      scheduled.set(false);
    }
    // work queued after the loop saw an empty queue, but before the flag was cleared, would
    // otherwise wait for the next submit
    if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
      executor.execute(this::runBatch);
    }
  }

  /** Without a session (its base failed to load) inputs are dropped; barriers still complete. */
  private void dropAll() {
    int dropped = 0;
    Work work;
    while ((work = queue.poll()) != null) {
      if (work instanceof Work.Barrier barrier) {
        barrier.done().complete(null);
      } else if (work instanceof Work.Swap swap) {
        swap.next().dispose();
        swap.done().completeExceptionally(new IllegalStateException(name + " has no session"));
      } else {
        dropped++;
      }
    }
    scheduled.set(false);
    if (dropped > 0) {
      LOG.warn("{} dropped {} inputs: it has no session", name, dropped);
    }
    if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
      executor.execute(this::runBatch);
    }
  }

  /**
   * @return how many inputs (twin changes, authentication failures, connectivity changes, firmware
   *     reports) the item counts as
   */
  private int apply(Work work) {
    if (work instanceof Work.TwinChange change) {
      applyTwinChange(change.thingId(), change.event());
      return 1;
    } else if (work instanceof Work.AuthFailed failed) {
      session.insert(failed.failure());
      return 1;
    } else if (work instanceof Work.ConnectivityChanged changed) {
      applyConnectivity(changed.change());
      return 1;
    } else if (work instanceof Work.RateLimited limited) {
      DeviceFacts facts = devices.get(limited.thingId());
      if (facts != null) {
        facts.seen(limited.atMillis());
        facts.overLimit(security.maxMessages() + 1);
        markPending(facts);
      }
      return 1;
    } else if (work instanceof Work.FirmwareReported reported) {
      session.insert(reported.report());
      return 1;
    } else if (work instanceof Work.Registration registration) {
      long lastSeen =
          registration.lastSeen().map(Instant::toEpochMilli).orElseGet(this::clockMillis);
      DeviceFacts facts = device(registration.thingId(), registration.modelId(), lastSeen);
      facts.assignModel(registration.modelId());
      facts.seen(lastSeen);
      markPending(facts);
    } else if (work instanceof Work.DefineModel define) {
      defineModel(define.limits());
    } else if (work instanceof Work.SetSecurityPolicy policy) {
      security = policy.policy();
      managed.put(SECURITY, security, session);
    } else if (work instanceof Work.SetMonitoringPolicy policy) {
      monitoring = policy.policy();
      managed.put(MONITORING, monitoring, session);
      // alarms without their own hysteresis take the policy's
      for (ModelLimits limits : List.copyOf(models.values())) {
        defineModel(limits);
      }
    } else if (work instanceof Work.SetFirmwareAllowList allow) {
      managed.put("firmware:" + allow.allowList().modelId(), allow.allowList(), session);
    } else if (work instanceof Work.Decommission decommission) {
      String key = "decommissioned:" + decommission.thingId();
      if (!decommission.decommissioned()) {
        managed.remove(key, session);
      } else if (!managed.contains(key)) {
        managed.put(key, new Decommissioned(decommission.thingId(), clockMillis()), session);
      }
    } else if (work instanceof Work.QuarantineRelease release) {
      ledger.forget(ActionLedger.quarantine(release.thingId()));
      session.insert(new QuarantineReleased(release.thingId()));
    } else if (work instanceof Work.WorkOrderClosed closed) {
      ledger.forget(ActionLedger.workOrder(closed.thingId(), closed.code()));
      session.insert(new WorkOrderClosed(closed.thingId(), closed.code()));
    } else if (work instanceof Work.RestoreAlert restore) {
      ledger.assume(ActionLedger.alert(restore.thingId(), restore.code()), "raised");
      session.insert(new RaisedAlert(restore.thingId(), restore.code(), clockMillis(), true));
    } else if (work instanceof Work.PutFact put) {
      if (put.fact().isPresent()) {
        managed.put("fact:" + put.key(), put.fact().get(), session);
      } else {
        managed.remove("fact:" + put.key(), session);
      }
    } else if (work instanceof Work.Tick) {
      tickQueued.set(false);
      managed.put(NOW, new Now(clockMillis()), session);
    } else if (work instanceof Work.Advance advance) {
      // rules about what arrived so far see the time it arrived at, not the time after the jump
      fire();
      SessionPseudoClock clock = session.getSessionClock();
      clock.advanceTime(advance.millis(), TimeUnit.MILLISECONDS);
      managed.put(NOW, new Now(clockMillis()), session);
    } else if (work instanceof Work.Barrier barrier) {
      barriers.add(barrier.done());
    } else if (work instanceof Work.Swap swap) {
      swap(swap.next(), swap.done());
    }
    return 0;
  }

  private void applyTwinChange(String thingId, TwinEvent event) {
    long at = event.modified().toEpochMilli();
    if (event.kind() == TwinEvent.Kind.DELETED) {
      DeviceFacts removed = devices.remove(thingId);
      if (removed != null) {
        removed.delete(session);
      }
      return;
    }
    DeviceFacts facts = device(thingId, event.definition(), at);
    if (!event.definition().isEmpty()) {
      facts.assignModel(event.definition());
    }
    facts.seen(at);
    facts.message(at, security.messageWindowMillis(), security.maxMessages() + 1);
    for (PropertyUpdate update : event.changes()) {
      // only numbers can be compared with limits; other values are not rule input yet
      if (update.value() instanceof Number number) {
        facts.measure(update.featureId(), update.path(), number.doubleValue(), at, session);
      }
    }
    markPending(facts);
  }

  private void applyConnectivity(Connectivity change) {
    session.insert(change);
    String key =
        "connection:"
            + change.thingId()
            + '\u0000'
            + change.authId()
            + '\u0000'
            + change.remoteAddress();
    int open = openConnections.getOrDefault(key, 0) + (change.connected() ? 1 : -1);
    if (open <= 0) {
      openConnections.remove(key);
      managed.remove(key, session);
    } else {
      if (!managed.contains(key)) {
        managed.put(
            key,
            new Connection(
                change.thingId(), change.authId(), change.remoteAddress(), change.atMillis()),
            session);
      }
      openConnections.put(key, open);
    }
  }

  private DeviceFacts device(String thingId, String modelId, long lastSeenMillis) {
    DeviceFacts facts = devices.get(thingId);
    if (facts == null) {
      facts = new DeviceFacts(new Device(thingId, modelId, lastSeenMillis), session);
      devices.put(thingId, facts);
    }
    return facts;
  }

  private void markPending(DeviceFacts facts) {
    if (!facts.pending) {
      facts.pending = true;
      pendingDevices.add(facts);
    }
  }

  private void defineModel(ModelLimits limits) {
    String model = limits.modelId();
    String alarmPrefix = "alarm:" + model + '\u0000';
    managed.removeIf(key -> key.startsWith(alarmPrefix), session);
    managed.put("model:" + model, limits, session);
    limits
        .highAlarms()
        .forEach(
            (feature, threshold) ->
                managed.put(
                    alarmPrefix + feature,
                    new HighAlarm(
                        model,
                        feature,
                        threshold,
                        limits.hysteresisOf(feature, monitoring.defaultHysteresis())),
                    session));
    models.put(model, limits);
  }

  /**
   * Moves to the next session: the old one fires what it has, the engine's facts are re-inserted,
   * the facts the rules made are carried over, and the new session fires. Facts of types declared
   * inside DRL cannot be carried (the new knowledge base has its own classes for them); the rules
   * that made them make them again.
   */
  private void swap(KieSession next, CompletableFuture<Integer> done) {
    fire();
    KieSession previous = session;
    // the new session's trackers are learnt from its insertions, the carried ones included
    TrackerFeed nextFeed = new TrackerFeed();
    boolean moving = false;
    try {
      if (mode == SessionClockMode.PSEUDO) {
        SessionPseudoClock clock = next.getSessionClock();
        clock.advanceTime(clockMillis() - clock.getCurrentTime(), TimeUnit.MILLISECONDS);
      }
      attach(next, nextFeed);
      Set<Object> owned = Collections.newSetFromMap(new IdentityHashMap<>());
      moving = true;
      for (DeviceFacts facts : devices.values()) {
        facts.rebind(next, owned);
      }
      managed.rebind(next, owned);
      int carried = 0;
      int dropped = 0;
      for (Object fact : previous.getObjects()) {
        if (owned.contains(fact)) {
          continue;
        }
        if (isJavaClass(fact)) {
          next.insert(fact);
          carried++;
        } else {
          dropped++;
        }
      }
      session = next;
      feed = nextFeed;
      updates = new MaskedUpdates(next);
      previous.dispose();
      LOG.info(
          "{} moved to a new session: {} facts carried, {} of DRL-declared types left to the rules",
          name,
          carried,
          dropped);
      fire();
      done.complete(carried);
    } catch (RuntimeException e) {
      LOG.error("{} could not move to the new session", name, e);
      if (moving && session == previous) {
        // the engine's facts already live in the new session: stay there with what was moved
        session = next;
        feed = nextFeed;
        updates = new MaskedUpdates(next);
        previous.dispose();
      } else if (!moving) {
        next.dispose();
      }
      done.completeExceptionally(e);
    }
  }

  /** Whether the fact's class comes from the application, not from a compiled DRL type. */
  private static boolean isJavaClass(Object fact) {
    Class<?> type = fact.getClass();
    try {
      return Class.forName(type.getName(), false, Partition.class.getClassLoader()) == type;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private void fire() {
    try {
      for (DeviceFacts facts : pendingDevices) {
        facts.flush(session, updates);
      }
      feed.fire(session);
    } catch (RuntimeException e) {
      LOG.error("{} failed while firing rules", name, e);
    } finally {
      for (DeviceFacts facts : pendingDevices) {
        facts.pending = false;
      }
      pendingDevices.clear();
    }
  }

  private long clockMillis() {
    return session.getSessionClock().getCurrentTime();
  }

  private static boolean declaresGlobal(KieBase base, String name) {
    return base.getKiePackages().stream()
        .flatMap(pkg -> pkg.getGlobalVariables().stream())
        .anyMatch(global -> global.getName().equals(name));
  }

  @Override
  public String toString() {
    return name + (mode == SessionClockMode.PSEUDO ? " (pseudo clock)" : "");
  }
}
