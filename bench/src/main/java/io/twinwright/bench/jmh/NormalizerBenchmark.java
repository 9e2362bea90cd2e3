package io.twinwright.bench.jmh;

import io.twinwright.ontology.NormalizationResult;
import io.twinwright.ontology.Normalizer;
import io.twinwright.ontology.OntologyConfig;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Fields normalised per second by the compiled vendor profiles, JSON and binary. Each message maps
 * three fields, and {@link OperationsPerInvocation} makes JMH report fields, not messages. The
 * target is 500,000 fields/s per core (issue 5).
 *
 * <pre>
 * java -cp bench/target/twinwright-bench.jar org.openjdk.jmh.Main NormalizerBenchmark \
 *     -f 1 -wi 2 -i 3 -w 2s -r 2s -t 1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NormalizerBenchmark {
  private static final int FIELDS = 3;
  private static final String NORDLYS =
      "{\"t\": 2200, \"env\": {\"hum\": 40.5}, \"battery\": {\"pct\": 93},"
          + " \"ts\": 1700000000000}";
  private static final String KELVINIX =
      "{\"readings\": [{\"k\": 295.15}], \"humidity_permille\": 405,"
          + " \"power\": {\"soc\": 0.93}, \"time\": \"2023-11-14T22:13:20Z\"}";

  private Normalizer normalizer;
  private DeviceMessage nordlys;
  private DeviceMessage kelvinix;
  private DeviceMessage brightwave;

  @Setup
  public void load() {
    normalizer = Normalizer.load(OntologyConfig.defaults());
    DeviceId device = DeviceId.of("bench", "sensor-1");
    Instant now = Instant.parse("2024-05-01T12:00:00Z");
    nordlys = message(device, now, "nordlys-ens2", NORDLYS.getBytes(StandardCharsets.UTF_8));
    kelvinix = message(device, now, "kelvinix-k3", KELVINIX.getBytes(StandardCharsets.UTF_8));
    brightwave = message(device, now, "brightwave-b1", new byte[] {0x00, (byte) 0xDC, 0x51, 0x5D});
    for (DeviceMessage m : new DeviceMessage[] {nordlys, kelvinix, brightwave}) {
      if (!(normalizer.normalize(m) instanceof NormalizationResult.Normalized)) {
        throw new IllegalStateException("benchmark message is not normalised: " + m.profile());
      }
    }
  }

  private static DeviceMessage message(
      DeviceId device, Instant now, String profile, byte[] payload) {
    return new DeviceMessage(
        device, Channel.TELEMETRY, 0, "application/json", payload, now, profile);
  }

  /** Nested JSON with an epoch-millis timestamp. */
  @Benchmark
  @OperationsPerInvocation(FIELDS)
  public NormalizationResult jsonNested() {
    return normalizer.normalize(nordlys);
  }

  /** JSON with an array element and an ISO-8601 timestamp. */
  @Benchmark
  @OperationsPerInvocation(FIELDS)
  public NormalizationResult jsonArrayIsoTime() {
    return normalizer.normalize(kelvinix);
  }

  /** Four-byte fixed-offset binary payload. */
  @Benchmark
  @OperationsPerInvocation(FIELDS)
  public NormalizationResult binary() {
    return normalizer.normalize(brightwave);
  }
}
