package io.twinwright.rules.session;

import io.twinwright.rules.RuleActions;
import io.twinwright.rules.SessionClockMode;
import io.twinwright.rules.facts.Device;
import io.twinwright.rules.facts.HighAlarm;
import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.MonitoringPolicy;
import io.twinwright.rules.facts.Now;
import io.twinwright.rules.facts.QuarantineReleased;
import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
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
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rule session and the single thread that owns it. {@link #submit} may be called from any
 * thread and never waits for rule evaluation; everything else runs on the partition thread.
 */
public final class Partition {
  private static final Logger LOG = LoggerFactory.getLogger(Partition.class);

  /** Bounds one batch so that ticks and barriers queued behind a burst are not starved. */
  private static final int MAX_BATCH = 4096;

  private static final String ACTIONS_GLOBAL = "actions";

  private final String name;
  private final SessionClockMode mode;
  private final KieSession session;
  private final ExecutorService executor;
  private final Queue<Work> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean tickQueued = new AtomicBoolean();
  private final LongAdder processed;

  // Confined to the partition thread from here on.
  private final Map<String, DeviceFacts> devices = new HashMap<>();
  private final List<DeviceFacts> pendingDevices = new ArrayList<>();
  private final Map<String, ModelFacts> models = new HashMap<>();
  private final List<CompletableFuture<Void>> barriers = new ArrayList<>();
  private final FactHandle nowHandle;
  private final FactHandle securityHandle;
  private final FactHandle monitoringHandle;
  private MonitoringPolicy monitoring = MonitoringPolicy.defaults();

  /** A model's limits and the alarms derived from them, as inserted in this session. */
  private record ModelFacts(ModelLimits limits, FactHandle handle, List<FactHandle> alarms) {}

  /**
   * @param index the partition number, used in the thread name
   * @param processed counts applied twin changes and authentication failures, shared by all
   *     partitions of an engine
   */
  public Partition(
      int index, KieBase base, SessionClockMode mode, RuleActions actions, LongAdder processed) {
    this.name = "rules-partition-" + index;
    this.mode = mode;
    this.processed = processed;
    KieSessionConfiguration configuration = KieServices.get().newKieSessionConfiguration();
    configuration.setOption(
        mode == SessionClockMode.PSEUDO ? ClockTypeOption.PSEUDO : ClockTypeOption.REALTIME);
    this.session = base.newKieSession(configuration, null);
    if (declaresActions(base)) {
      session.setGlobal(ACTIONS_GLOBAL, new GuardedActions(actions));
    }
    this.nowHandle = session.insert(new Now(clockMillis()));
    this.securityHandle = session.insert(SecurityPolicy.defaults());
    this.monitoringHandle = session.insert(monitoring);
    this.executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, name);
              thread.setDaemon(true);
              return thread;
            });
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
    executor.execute(session::dispose);
    executor.shutdown();
    if (!executor.awaitTermination(timeout, unit)) {
      LOG.warn("{} did not stop within {} {}", name, timeout, unit);
      executor.shutdownNow();
    }
  }

  private void runBatch() {
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

  /**
   * @return how many inputs (twin changes, authentication failures) the item counts as
   */
  private int apply(Work work) {
    if (work instanceof Work.TwinChange change) {
      applyTwinChange(change.thingId(), change.event());
      return 1;
    } else if (work instanceof Work.AuthFailed failed) {
      session.insert(failed.failure());
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
    } else if (work instanceof Work.SetSecurityPolicy security) {
      session.update(securityHandle, security.policy());
    } else if (work instanceof Work.SetMonitoringPolicy policy) {
      monitoring = policy.policy();
      session.update(monitoringHandle, monitoring);
      // alarms without their own hysteresis take the policy's
      for (ModelFacts model : List.copyOf(models.values())) {
        defineModel(model.limits());
      }
    } else if (work instanceof Work.QuarantineRelease release) {
      session.insert(new QuarantineReleased(release.thingId()));
    } else if (work instanceof Work.Tick) {
      tickQueued.set(false);
      session.update(nowHandle, new Now(clockMillis()));
    } else if (work instanceof Work.Advance advance) {
      // rules about what arrived so far see the time it arrived at, not the time after the jump
      fire();
      SessionPseudoClock clock = session.getSessionClock();
      clock.advanceTime(advance.millis(), TimeUnit.MILLISECONDS);
      session.update(nowHandle, new Now(clockMillis()));
    } else if (work instanceof Work.Barrier barrier) {
      barriers.add(barrier.done());
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
    for (PropertyUpdate update : event.changes()) {
      // only numbers can be compared with limits; other values are not rule input yet
      if (update.value() instanceof Number number) {
        facts.measure(update.featureId(), update.path(), number.doubleValue(), at, session);
      }
    }
    markPending(facts);
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
    ModelFacts previous = models.remove(limits.modelId());
    if (previous != null) {
      session.delete(previous.handle());
      previous.alarms().forEach(session::delete);
    }
    List<FactHandle> alarms = new ArrayList<>();
    limits
        .highAlarms()
        .forEach(
            (feature, threshold) ->
                alarms.add(
                    session.insert(
                        new HighAlarm(
                            limits.modelId(),
                            feature,
                            threshold,
                            limits.hysteresisOf(feature, monitoring.defaultHysteresis())))));
    models.put(limits.modelId(), new ModelFacts(limits, session.insert(limits), alarms));
  }

  private void fire() {
    try {
      for (DeviceFacts facts : pendingDevices) {
        facts.flush(session);
      }
      session.fireAllRules();
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

  private static boolean declaresActions(KieBase base) {
    return base.getKiePackages().stream()
        .flatMap(pkg -> pkg.getGlobalVariables().stream())
        .anyMatch(global -> global.getName().equals(ACTIONS_GLOBAL));
  }

  @Override
  public String toString() {
    return name + (mode == SessionClockMode.PSEUDO ? " (pseudo clock)" : "");
  }
}
