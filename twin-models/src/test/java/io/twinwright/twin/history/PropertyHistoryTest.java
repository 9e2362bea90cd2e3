package io.twinwright.twin.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PropertyHistoryTest {
  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");
  private static final String TEMPERATURE = "/features/env/properties/temperature";
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private MongoServer server;
  private MongoClient client;
  private MongoDatabase database;
  private final MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(1)));
  private final AtomicInteger commits = new AtomicInteger();
  private PropertyHistory history;

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    database = client.getDatabase("tw");
    history = open();
  }

  private PropertyHistory open() {
    var h =
        new PropertyHistory(database, commits::incrementAndGet, HistoryConfig.defaults(), clock);
    h.start();
    return h;
  }

  @AfterEach
  void stop() {
    history.close();
    client.close();
    server.shutdownNow();
  }

  private void record(Instant t, String property, Object value) throws Exception {
    history
        .record(SENSOR, t, List.of(new PropertyUpdate("env", property, value)), true)
        .get(5, TimeUnit.SECONDS);
  }

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  @Test
  void appended_readings_are_durable_when_the_future_completes_and_come_back_in_time_order()
      throws Exception {
    record(at(2), "temperature", 22.0);
    record(at(0), "temperature", 20.0);
    record(at(1), "temperature", 21.0);
    record(at(1), "humidity", 40);

    assertThat(commits.get()).isPositive();
    // one document per twin and ten-minute bucket, however many readings and properties
    assertThat(database.getCollection(PropertyHistory.COLLECTION).countDocuments()).isEqualTo(1);
    assertThat(history.points(SENSOR.thingId(), TEMPERATURE, T0, at(10), 100))
        .containsExactly(
            new HistoryPoint(at(0), 20.0),
            new HistoryPoint(at(1), 21.0),
            new HistoryPoint(at(2), 22.0));
  }

  @Test
  void raw_query_takes_from_inclusive_to_exclusive_and_honours_the_limit() throws Exception {
    for (int i = 0; i < 10; i++) {
      record(at(i), "temperature", (double) i);
    }
    assertThat(history.points(SENSOR.thingId(), TEMPERATURE, at(3), at(6), 100))
        .extracting(HistoryPoint::value)
        .containsExactly(3.0, 4.0, 5.0);
    assertThat(history.points(SENSOR.thingId(), TEMPERATURE, at(0), at(10), 2))
        .extracting(HistoryPoint::value)
        .containsExactly(0.0, 1.0);
    assertThat(history.points("acme:other", TEMPERATURE, at(0), at(10), 100)).isEmpty();
  }

  @Test
  void readings_across_hours_and_strings_and_booleans_are_kept() throws Exception {
    record(at(-30), "state", "idle");
    record(at(90), "state", "running");
    record(at(150), "on", true);
    assertThat(
            history.points(
                SENSOR.thingId(), "/features/env/properties/state", at(-60), at(200), 10))
        .extracting(HistoryPoint::value)
        .containsExactly("idle", "running");
    assertThat(history.points(SENSOR.thingId(), "features/env/properties/on", T0, at(200), 10))
        .containsExactly(new HistoryPoint(at(150), true));
  }

  @Test
  void readings_still_in_memory_are_answered_too() {
    history.record(SENSOR, at(0), List.of(new PropertyUpdate("env", "temperature", 19.5)), false);
    assertThat(history.points(SENSOR.thingId(), TEMPERATURE, T0, at(1), 10))
        .containsExactly(new HistoryPoint(at(0), 19.5));
  }

  @Test
  void downsampling_gives_min_max_avg_and_count_per_step() throws Exception {
    // minute 0: 1, 2, 6; minute 1: nothing; minute 2: -4, 4
    record(at(0), "temperature", 1.0);
    record(at(0).plusSeconds(20), "temperature", 2);
    record(at(0).plusSeconds(59), "temperature", 6.0);
    record(at(2).plusSeconds(1), "temperature", -4.0);
    record(at(2).plusSeconds(30), "temperature", 4.0);

    assertThat(history.buckets(SENSOR.thingId(), TEMPERATURE, T0, at(5), Duration.ofMinutes(1)))
        .containsExactly(
            new HistoryBucket(at(0), 1.0, 6.0, 3.0, 3), new HistoryBucket(at(2), -4.0, 4.0, 0, 2));
    assertThat(history.buckets(SENSOR.thingId(), TEMPERATURE, T0, at(5), Duration.ofMinutes(5)))
        .containsExactly(new HistoryBucket(at(0), -4.0, 6.0, 9.0 / 5, 5));
  }

  @Test
  void downsampling_refuses_non_numeric_readings_and_silly_steps() throws Exception {
    record(at(0), "state", "idle");
    assertThatThrownBy(
            () ->
                history.buckets(
                    SENSOR.thingId(),
                    "/features/env/properties/state",
                    T0,
                    at(5),
                    Duration.ofMinutes(1)))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessageContaining("not numeric");
    assertThatThrownBy(
            () -> history.buckets(SENSOR.thingId(), TEMPERATURE, T0, at(5), Duration.ZERO))
        .isInstanceOf(HistoryQueryException.class);
    assertThatThrownBy(
            () ->
                history.buckets(
                    SENSOR.thingId(), TEMPERATURE, T0, at(60 * 24 * 365), Duration.ofSeconds(1)))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessageContaining("steps");
    assertThatThrownBy(() -> history.points(SENSOR.thingId(), "/attributes/x", T0, at(5), 10))
        .isInstanceOf(HistoryQueryException.class)
        .hasMessageContaining("/features/<featureId>/properties/<path>");
  }

  @Test
  void a_reading_delivered_twice_is_answered_once() throws Exception {
    record(at(1), "temperature", 21.0);
    record(at(1), "temperature", 21.0);
    assertThat(history.points(SENSOR.thingId(), TEMPERATURE, T0, at(5), 10)).hasSize(1);
  }

  @Test
  void retention_removes_old_readings_and_refuses_readings_already_expired() throws Exception {
    record(at(0), "temperature", 1.0);
    clock.set(T0.plus(Duration.ofDays(8)));
    record(clock.instant().minusSeconds(60), "temperature", 2.0);
    record(at(1), "temperature", 3.0); // older than the retention already

    assertThat(history.purgeExpired()).isEqualTo(1);
    assertThat(history.points(SENSOR.thingId(), TEMPERATURE, T0, clock.instant(), 10))
        .extracting(HistoryPoint::value)
        .containsExactly(2.0);
    assertThat(database.getCollection(PropertyHistory.COLLECTION).countDocuments()).isEqualTo(1);
  }

  @Test
  void a_new_store_over_the_same_database_still_has_the_readings() throws Exception {
    record(at(0), "temperature", 20.0);
    history.record(SENSOR, at(1), List.of(new PropertyUpdate("env", "temperature", 21.0)), false);
    history.close(); // writes what is buffered
    history = open();
    assertThat(history.points(SENSOR.thingId(), TEMPERATURE, T0, at(5), 10))
        .extracting(HistoryPoint::value)
        .containsExactly(20.0, 21.0);
  }

  @Test
  void a_full_buffer_drops_readings_nobody_waits_for_but_keeps_acknowledged_ones()
      throws Exception {
    history.close();
    history =
        new PropertyHistory(
            database,
            () -> {},
            HistoryConfig.defaults()
                .withMaxBufferedReadings(2)
                .withFlushInterval(Duration.ofHours(1)),
            clock);
    history.start();
    var reading = List.of(new PropertyUpdate("env", "temperature", 1.0));
    history.record(SENSOR, at(0), reading, false);
    history.record(SENSOR, at(1), reading, false);
    history.record(SENSOR, at(2), reading, false);
    assertThat(history.dropped()).isEqualTo(1);
    history.record(SENSOR, at(3), reading, true).get(5, TimeUnit.SECONDS);
    assertThat(history.points(SENSOR.thingId(), TEMPERATURE, T0, at(5), 10))
        .extracting(HistoryPoint::t)
        .containsExactly(at(0), at(1), at(3));
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
