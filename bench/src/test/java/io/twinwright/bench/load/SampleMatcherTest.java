package io.twinwright.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.bench.payload.TemperatureCodec;
import io.twinwright.bench.sse.SseParser;
import io.twinwright.bench.sse.TwinUpdateDecoder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SampleMatcherTest {
  private static final String THING = "bench:bench-0007";
  private static final long T0 = 10_000_000_000L;

  private final SampleMatcher matcher = new SampleMatcher(List.of(THING));

  /** Feeds SSE lines as they arrive on the wire, all at one arrival instant. */
  private void arrive(long arrivalNanos, String... lines) {
    TwinUpdateDecoder decoder = new TwinUpdateDecoder();
    SseParser parser =
        new SseParser(
            data -> decoder.decode(data).ifPresent(u -> matcher.onUpdate(u, arrivalNanos)));
    for (String line : lines) {
      parser.line(line);
    }
  }

  @Test
  void matches_an_sse_line_back_to_its_publish_and_records_the_latency() {
    matcher.startMeasuring(T0);
    int centi = TemperatureCodec.centiFor(737);
    matcher.published(THING, centi, T0 + 1_000_000, true);

    arrive(
        T0 + 1_000_000 + TimeUnit.MILLISECONDS.toNanos(12),
        "data: {\"thingId\":\""
            + THING
            + "\",\"features\":{\"temperature\":{\"properties\":"
            + "{\"value\":"
            + TemperatureCodec.twinValue(centi)
            + "}}}}",
        "");

    assertThat(matcher.expected()).isEqualTo(1);
    assertThat(matcher.observed()).isEqualTo(1);
    assertThat(matcher.matched()).isEqualTo(1);
    assertThat(matcher.outstanding()).isZero();
    var latency = matcher.latency().total();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.p50Millis()).isCloseTo(12.0, org.assertj.core.data.Offset.offset(0.05));
  }

  @Test
  void warmup_publishes_and_other_things_are_not_measured() {
    matcher.startMeasuring(T0);
    matcher.published(THING, 1_600, T0 - 5_000_000, false);

    arrive(
        T0 - 1_000_000,
        "data: {\"thingId\":\""
            + THING
            + "\",\"features\":{\"temperature\":{\"properties\":{\"value\":16.0}}}}",
        "",
        "data: {\"thingId\":\"bench:other\",\"features\":{\"temperature\":{\"properties\":{\"value\":16.0}}}}",
        "");

    assertThat(matcher.expected()).isZero();
    assertThat(matcher.observed()).isZero();
    assertThat(matcher.matched()).isZero();
    assertThat(matcher.latency().total().count()).isZero();
  }

  @Test
  void an_update_nobody_published_is_observed_but_not_matched() {
    matcher.startMeasuring(T0);
    matcher.published(THING, 1_601, T0 + 1, true);

    arrive(
        T0 + 2,
        "data: {\"thingId\":\""
            + THING
            + "\",\"features\":{\"temperature\":{\"properties\":{\"value\":16.02}}}}",
        "");

    assertThat(matcher.observed()).isEqualTo(1);
    assertThat(matcher.matched()).isZero();
    assertThat(matcher.outstanding()).isEqualTo(1);
  }
}
