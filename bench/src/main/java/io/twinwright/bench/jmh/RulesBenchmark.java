package io.twinwright.bench.jmh;

import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.AuditSink;
import io.twinwright.rules.RuleActions;
import io.twinwright.rules.RuleEngine;
import io.twinwright.rules.RulesConfig;
import io.twinwright.rules.SessionClockMode;
import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Twin changes per second through the standard rule packs on one partition (one rule thread, so one
 * core) with a pseudo clock, over a fleet of 10,000 devices. One operation is one twin change; an
 * invocation submits one change per device and waits until the rules have fired on all of them.
 *
 * <pre>
 * java -cp bench/target/twinwright-bench.jar org.openjdk.jmh.Main RulesBenchmark \
 *     -f 1 -wi 2 -i 3 -w 3s -r 3s -t 1
 * </pre>
 *
 * {@code packs=standard} is every bundled pack; {@code packs=without-maintenance} replaces the
 * maintenance pack by an empty one, to show what its per-reading statistics cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RulesBenchmark {
  private static final int DEVICES = 10_000;
  private static final String[] MODELS = {
    "acme:environment-sensor:1", "nordlys:environment-sensor:1", "kelvinix:environment-sensor:1"
  };

  @Param({"standard", "without-maintenance"})
  public String packs;

  private RuleEngine engine;
  private DeviceId[] devices;
  private Path packDir;
  private long round;

  @Setup(Level.Trial)
  public void start() throws IOException {
    packDir = Files.createTempDirectory("rules-bench");
    RulesConfig config = RulesConfig.defaults().withPartitions(1);
    if (packs.equals("without-maintenance")) {
      Files.writeString(packDir.resolve("maintenance.drl"), "package bench.none;\n");
      config = config.withPackDir(packDir);
    }
    engine = new RuleEngine(config, new NoActions(), AuditSink.none(), SessionClockMode.PSEUDO);
    for (String model : MODELS) {
      engine.defineModel(
          new ModelLimits(
              model, Duration.ofSeconds(10), Map.of("temperature", 45.0, "humidity", 95.0)));
    }
    devices = new DeviceId[DEVICES];
    for (int i = 0; i < DEVICES; i++) {
      devices[i] = DeviceId.of("bench", "sensor-" + i);
      engine.registerTwin(devices[i].thingId(), MODELS[i % MODELS.length], Instant.EPOCH);
    }
    engine.drain().join();
  }

  @TearDown(Level.Trial)
  public void stop() throws IOException {
    engine.close();
    Files.deleteIfExists(packDir.resolve("maintenance.drl"));
    Files.deleteIfExists(packDir);
  }

  /** Every device reports once (a second later than its previous report); the rules catch up. */
  @Benchmark
  @OperationsPerInvocation(DEVICES)
  public long changes() {
    round++;
    Instant at = Instant.ofEpochSecond(round);
    for (int i = 0; i < DEVICES; i++) {
      // a normal reading that moves a little every round: no alarm, but every rule re-evaluates
      double temperature = 20.0 + ((i + round) % 40) / 10.0;
      engine.onTwinEvent(
          new TwinEvent(
              TwinEvent.Kind.MODIFIED,
              devices[i],
              round,
              at,
              MODELS[i % MODELS.length],
              List.of(new PropertyUpdate("temperature", "value", temperature))));
    }
    engine.drain().join();
    return engine.processedCount();
  }

  /** Rules that act are not what is measured here: the actions do nothing. */
  private static final class NoActions implements RuleActions {
    @Override
    public void raiseAlert(AlertRequest request) {}

    @Override
    public void clearAlert(String thingId, String code) {}

    @Override
    public void quarantine(String thingId, String reason) {}
  }
}
