package io.twinwright.twin;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.twinwright.twin.store.MongoTwinRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SourceTimeOrderTest {
  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");
  private static final Instant T0 = Instant.now().minus(Duration.ofHours(1));

  /** Readings recorded to history, as the twin service hands them over. */
  private record Recorded(Instant at, PropertyUpdate reading) {}

  private MongoServer server;
  private MongoClient client;
  private TwinService twins;
  private final List<Recorded> history = new CopyOnWriteArrayList<>();
  private final List<TwinEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    server = new MongoServer(new MemoryBackend());
    var address = server.bind();
    client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    twins = newService();
  }

  private TwinService newService() {
    var service =
        new TwinService(
            TwinConfig.defaults(),
            new MongoTwinRepository(client.getDatabase("tw"), () -> {}),
            Clock.systemUTC(),
            (device, at, readings, immediate) -> {
              readings.forEach(r -> history.add(new Recorded(at, r)));
              return CompletableFuture.completedFuture(null);
            });
    service.start();
    service.subscribe(events::add);
    return service;
  }

  @AfterEach
  void stop() {
    twins.close();
    client.close();
    server.shutdownNow();
  }

  private TwinEvent apply(int minute, PropertyUpdate... updates) throws Exception {
    return twins
        .apply(new TwinPatch(SENSOR, List.of(updates), T0.plus(Duration.ofMinutes(minute))))
        .get(5, TimeUnit.SECONDS);
  }

  private static PropertyUpdate temperature(double value) {
    return new PropertyUpdate("env", "temperature", value);
  }

  private Optional<JsonValue> value(String pointer) {
    return twins.get(SENSOR.thingId()).orElseThrow().toJson().getValue(JsonPointer.of(pointer));
  }

  @Test
  void an_older_reading_never_overwrites_a_newer_one_but_reaches_the_history() throws Exception {
    apply(3, temperature(23.0));
    TwinEvent late = apply(1, temperature(21.0));
    TwinEvent alsoLate = apply(2, temperature(22.0));

    assertThat(late).isNull();
    assertThat(alsoLate).isNull();
    assertThat(value("/features/env/properties/temperature"))
        .hasValueSatisfying(v -> assertThat(v.asDouble()).isEqualTo(23.0));
    assertThat(twins.get(SENSOR.thingId()).orElseThrow().getRevision().orElseThrow().toLong())
        .isEqualTo(1);
    assertThat(events).hasSize(1);
    assertThat(history)
        .extracting(Recorded::at)
        .containsExactly(
            T0.plus(Duration.ofMinutes(3)),
            T0.plus(Duration.ofMinutes(1)),
            T0.plus(Duration.ofMinutes(2)));
  }

  @Test
  void a_late_reading_of_another_property_still_applies_and_only_it_is_published()
      throws Exception {
    apply(5, temperature(25.0));
    apply(1, new PropertyUpdate("env", "humidity", 40.0));
    TwinEvent mixed = apply(2, temperature(22.0), new PropertyUpdate("env", "humidity", 41.0));

    assertThat(mixed.changes()).containsExactly(new PropertyUpdate("env", "humidity", 41.0));
    assertThat(value("/features/env/properties/temperature"))
        .hasValueSatisfying(v -> assertThat(v.asDouble()).isEqualTo(25.0));
    assertThat(value("/features/env/properties/humidity"))
        .hasValueSatisfying(v -> assertThat(v.asDouble()).isEqualTo(41.0));
  }

  @Test
  void source_times_are_kept_in_ditto_metadata_and_survive_a_restart() throws Exception {
    apply(3, temperature(23.0));
    twins.putAttribute(SENSOR.thingId(), "/location", Optional.of(JsonValue.of("lab")));
    twins.ensure(SENSOR, "io.twinwright:environment-sensor:1.0.0").get(5, TimeUnit.SECONDS);
    twins.close();

    twins = newService();
    Thing thing = twins.get(SENSOR.thingId()).orElseThrow();
    assertThat(
            thing
                .getMetadata()
                .orElseThrow()
                .getValue("/features/env/properties/temperature/observedAt"))
        .hasValueSatisfying(
            v -> assertThat(v.asString()).isEqualTo(T0.plus(Duration.ofMinutes(3)).toString()));
    assertThat(apply(2, temperature(22.0))).isNull();
    assertThat(value("/features/env/properties/temperature"))
        .hasValueSatisfying(v -> assertThat(v.asDouble()).isEqualTo(23.0));
    assertThat(apply(4, temperature(24.0)).changes()).hasSize(1);
  }

  @Test
  void a_reading_with_the_same_source_time_still_applies() throws Exception {
    apply(3, temperature(23.0));
    assertThat(apply(3, temperature(23.5))).isNotNull();
    assertThat(value("/features/env/properties/temperature"))
        .hasValueSatisfying(v -> assertThat(v.asDouble()).isEqualTo(23.5));
  }

  @Test
  void a_device_clock_far_ahead_does_not_lock_the_property() throws Exception {
    twins
        .apply(
            new TwinPatch(
                SENSOR, List.of(temperature(30.0)), Instant.now().plus(Duration.ofDays(1))))
        .get(5, TimeUnit.SECONDS);
    TwinEvent next =
        twins
            .apply(new TwinPatch(SENSOR, List.of(temperature(31.0)), Instant.now().plusSeconds(1)))
            .get(5, TimeUnit.SECONDS);
    assertThat(next).isNotNull();
    assertThat(history.get(0).at()).isBefore(Instant.now().plusSeconds(5));
  }
}
