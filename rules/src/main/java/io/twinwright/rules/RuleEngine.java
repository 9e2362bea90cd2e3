package io.twinwright.rules;

import io.twinwright.rules.facts.AuthFailure;
import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.MonitoringPolicy;
import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.rules.packs.RulePacks;
import io.twinwright.rules.session.Partition;
import io.twinwright.rules.session.Work;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TwinEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.kie.api.KieBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rule packs over twin changes and authentication failures.
 *
 * <p>Devices are spread over {@link RulesConfig#partitions()} sessions by the hash of their thing
 * id, so all facts of one device live in one session and are applied in the order they were
 * submitted. Every method only enqueues and returns: rules are evaluated on the partition threads,
 * and outcomes reach the platform through {@link RuleActions}. Model limits and policies go to
 * every partition.
 */
public final class RuleEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);
  private static final long CLOSE_TIMEOUT_SECONDS = 10;

  private final SessionClockMode mode;
  private final List<Partition> partitions;
  private final LongAdder processed = new LongAdder();
  private final AtomicLong pseudoMillis = new AtomicLong();
  private final Optional<ScheduledExecutorService> ticker;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Compiles the rule packs and starts the partitions.
   *
   * @throws IllegalArgumentException if a rule pack does not compile (the message lists every
   *     problem with its file and line)
   */
  public RuleEngine(RulesConfig config, RuleActions actions, SessionClockMode mode) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(actions, "actions");
    this.mode = Objects.requireNonNull(mode, "mode");
    KieBase base = RulePacks.compile(config.packDir());
    List<Partition> created = new ArrayList<>(config.partitions());
    for (int i = 0; i < config.partitions(); i++) {
      created.add(new Partition(i, base, mode, actions, processed));
    }
    this.partitions = List.copyOf(created);
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
    LOG.info("rule engine started: {} partitions, {} clock", partitions.size(), mode);
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
   * An operator released the device from quarantine: the brute-force finding that caused it is
   * dropped, so a new attack quarantines the device again.
   */
  public void onQuarantineReleased(String thingId) {
    partitionOf(thingId).submit(new Work.QuarantineRelease(thingId));
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

  /** How many twin changes and authentication failures have been applied so far. */
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
