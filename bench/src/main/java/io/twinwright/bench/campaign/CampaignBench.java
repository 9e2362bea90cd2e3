package io.twinwright.bench.campaign;

import io.twinwright.platform.campaigns.CampaignService;
import io.twinwright.platform.campaigns.CampaignSpec;
import io.twinwright.platform.campaigns.CampaignStore;
import io.twinwright.platform.campaigns.CampaignView;
import io.twinwright.platform.campaigns.FirmwareArtifact;
import io.twinwright.platform.campaigns.FirmwareCommand;
import io.twinwright.platform.campaigns.FirmwareCommands;
import io.twinwright.rules.RulesConfig;
import io.twinwright.rules.campaigns.CampaignStatus;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinConfig;
import io.twinwright.twin.TwinPatch;
import io.twinwright.twin.TwinRepository;
import io.twinwright.twin.TwinService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Orchestrates one firmware campaign over a large fleet in-process: the real {@link
 * CampaignService} with the bundled campaign rule pack, a hot {@link TwinService} that stores
 * nothing, and a command port that stands in for the outbox and the devices. The port counts every
 * command and answers an update as a device would, with three progress reports (downloading,
 * installing, installed) applied to the twin like a device's events after the pipeline; the
 * campaign follows them through its twin subscription, advances its three waves (1 %, 10 %, rest)
 * and completes.
 *
 * <pre>
 * java -Xmx2g -cp bench/target/twinwright-bench.jar io.twinwright.bench.campaign.CampaignBench \
 *     [devices=100000] [device threads=2] [time limit minutes=15]
 * </pre>
 *
 * <p>Reports commands issued per second, progress events processed per second (each one a twin
 * change the campaign reads), the time per wave, and the heap in use after a full GC before the
 * campaign and once it completed (the campaign's device records are kept for the API). While the
 * devices are drawn into waves a probe thread asks for the campaign's status every 20 ms and
 * reports the slowest answer: the draw must not hold the campaign thread.
 */
public final class CampaignBench {
  private CampaignBench() {}

  /** Stores nothing: the benchmark measures orchestration, not persistence. */
  private static final class NoStore implements TwinRepository {
    @Override
    public void loadAll(Consumer<StoredTwin> consumer) {}

    @Override
    public void upsertAll(Collection<StoredTwin> batch) {}

    @Override
    public void delete(String thingId) {}
  }

  public static void main(String[] args) throws Exception {
    int devices = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
    int deviceThreads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int minutes = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Clock clock = Clock.systemUTC();
    TwinService twins = new TwinService(TwinConfig.defaults(), new NoStore(), clock);
    twins.start();

    long t0 = System.nanoTime();
    List<CompletableFuture<?>> loading = new ArrayList<>(devices);
    for (int i = 0; i < devices; i++) {
      loading.add(
          twins.apply(
              new TwinPatch(
                  DeviceId.ofThingId(thingId(i)),
                  List.of(
                      new PropertyUpdate("firmware", "version", "1.0.0"),
                      new PropertyUpdate("firmware", "state", "installed"),
                      new PropertyUpdate("battery", "level", 80.0)),
                  clock.instant())));
    }
    CompletableFuture.allOf(loading.toArray(CompletableFuture[]::new)).join();
    loading.clear();
    System.out.printf(
        Locale.ROOT,
        "campaign-bench: %,d twins loaded in %.1f s; %d cores, max heap %,d MiB%n",
        devices,
        (System.nanoTime() - t0) / 1e9,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    // the devices: answer each command from their own threads, as replies come off the network
    ExecutorService fleet =
        Executors.newFixedThreadPool(
            deviceThreads,
            r -> {
              Thread t = new Thread(r, "devices");
              t.setDaemon(true);
              return t;
            });
    LongAdder updates = new LongAdder();
    LongAdder rollbacks = new LongAdder();
    LongAdder reports = new LongAdder();
    AtomicLong firstCommand = new AtomicLong();
    AtomicLong lastCommand = new AtomicLong();
    FirmwareCommands port =
        (DeviceId device, FirmwareCommand command, Instant expires) -> {
          long now = System.nanoTime();
          firstCommand.compareAndSet(0, now);
          lastCommand.set(now);
          if (command.kind() == FirmwareCommand.Kind.UPDATE) {
            updates.increment();
            String target = command.version().orElseThrow();
            fleet.execute(
                () -> {
                  report(twins, clock, device, "downloading", "1.0.0");
                  report(twins, clock, device, "installing", "1.0.0");
                  report(twins, clock, device, "installed", target);
                  reports.add(3);
                });
          } else {
            rollbacks.increment();
          }
          return CompletableFuture.completedFuture(null);
        };

    CampaignService campaigns =
        new CampaignService(
            CampaignStore.inMemory(), twins, port, RulesConfig.defaults(), entry -> {}, clock);
    campaigns.start(Duration.ofMillis(250));
    twins.subscribe(campaigns::onTwinEvent);
    campaigns.addArtifact(
        new FirmwareArtifact(
            "fw-2.0.0", "2.0.0", "https://fw.example/2.0.0.bin", "a".repeat(64), 1, List.of()));

    System.gc();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();

    campaigns.create(
        CampaignSpec.fromJson(
            new JsonObject()
                .put("id", "bench")
                .put("artifact", "fw-2.0.0")
                .put("filter", "exists(features/firmware)")
                .put(
                    "waves",
                    new JsonArray()
                        .add(new JsonObject().put("percent", 1))
                        .add(new JsonObject().put("percent", 10))
                        .add(new JsonObject().put("rest", true)))
                .put("successThreshold", 100)
                .put("rateLimit", 1_000_000)
                .put("deviceTimeout", "PT10M"),
            "bench"));
    // while the fleet is drawn into waves, an operator keeps asking for the campaign's status:
    // the campaign thread must answer, not sit in the draw
    AtomicBoolean drawing = new AtomicBoolean(true);
    AtomicLong probes = new AtomicLong();
    AtomicLong slowestProbe = new AtomicLong();
    java.util.Set<CampaignStatus> seenWhileDrawing =
        java.util.concurrent.ConcurrentHashMap.newKeySet();
    Thread probe =
        new Thread(
            () -> {
              while (drawing.get()) {
                long t = System.nanoTime();
                seenWhileDrawing.add(campaigns.campaign("bench").orElseThrow().status());
                slowestProbe.accumulateAndGet(System.nanoTime() - t, Math::max);
                probes.incrementAndGet();
                try {
                  TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "status-probe");
    long started = System.nanoTime();
    probe.start();
    campaigns.start("bench");
    long accepted = System.nanoTime();
    // the start is answered once it is durable; the draw then runs: wait for it with a deadline
    long drawDeadline = started + TimeUnit.MINUTES.toNanos(minutes);
    while (campaigns.campaign("bench").orElseThrow().status() == CampaignStatus.STARTING) {
      if (System.nanoTime() > drawDeadline) {
        throw new IllegalStateException("the campaign was still drawing its devices");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    long selected = System.nanoTime();
    drawing.set(false);
    probe.join();
    long peakHeap = 0;
    List<String> waveLines = new ArrayList<>();
    int wave = 0;
    long waveStart = selected;
    CampaignView view = campaigns.campaign("bench").orElseThrow();
    long deadline = started + TimeUnit.MINUTES.toNanos(minutes);
    while (view.status() == CampaignStatus.RUNNING && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(250);
      peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
      try {
        view = campaigns.campaign("bench").orElseThrow();
      } catch (IllegalStateException busy) {
        // the campaign thread is in a long round (a whole wave issued at once): ask again
        continue;
      }
      if (view.currentWave() != wave) {
        long now = System.nanoTime();
        waveLines.add(
            String.format(
                Locale.ROOT,
                "  wave %d: %,d devices done in %.2f s",
                wave + 1,
                view.waves().get(wave).size(),
                (now - waveStart) / 1e9));
        wave = view.currentWave();
        waveStart = now;
      }
    }
    long finished = System.nanoTime();
    waveLines.add(
        String.format(
            Locale.ROOT,
            "  wave %d: %,d devices done in %.2f s",
            wave + 1,
            view.waves().get(wave).size(),
            (finished - waveStart) / 1e9));
    System.gc();
    System.gc();
    long heapAfter = memory.getHeapMemoryUsage().getUsed();

    double seconds = (finished - started) / 1e9;
    long sent = campaigns.commandsSent();
    long progress = campaigns.progressApplied();
    System.out.printf(
        Locale.ROOT,
        "campaign %s: %,d devices, %,d installed, %,d update commands (%,d rollbacks) in %.2f s"
            + " (start answered after %.2f s, device selection into waves %.2f s)%n",
        view.status().name().toLowerCase(Locale.ROOT),
        view.size(),
        view.count("installed"),
        updates.sum(),
        rollbacks.sum(),
        seconds,
        (accepted - started) / 1e9,
        (selected - started) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "status while drawing %,d requests answered, slowest %.1f ms, statuses seen %s%n",
        probes.get(),
        slowestProbe.get() / 1e6,
        seenWhileDrawing);
    waveLines.forEach(System.out::println);
    System.out.printf(
        Locale.ROOT,
        "commands issued      %,10.0f /s (%,d over %.2f s, whole campaign)%n",
        sent / seconds,
        sent,
        seconds);
    System.out.printf(
        Locale.ROOT,
        "progress processed   %,10.0f /s (%,d device reports applied by the campaign; %,d sent)%n",
        progress / seconds,
        progress,
        reports.sum());
    System.out.printf(
        Locale.ROOT,
        "heap after GC        %,d MiB with the twins, %,d MiB after the campaign (+%,d MiB);"
            + " peak sampled %,d MiB%n",
        heapBefore >> 20,
        heapAfter >> 20,
        (heapAfter - heapBefore) >> 20,
        peakHeap >> 20);
    campaigns.close();
    twins.close();
    fleet.shutdownNow();
    if (view.status() != CampaignStatus.COMPLETED) {
      System.err.println("campaign did not complete: " + view.status() + " " + view.reason());
      System.exit(1);
    }
  }

  private static void report(
      TwinService twins, Clock clock, DeviceId device, String state, String version) {
    twins.apply(
        new TwinPatch(
            device,
            List.of(
                new PropertyUpdate("firmware", "state", state),
                new PropertyUpdate("firmware", "version", version),
                new PropertyUpdate("firmware", "reason", "")),
            clock.instant()));
  }

  private static String thingId(int i) {
    return String.format(Locale.ROOT, "bench:dev-%06d", i);
  }
}
