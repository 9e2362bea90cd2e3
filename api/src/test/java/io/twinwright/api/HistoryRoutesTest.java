package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinPatch;
import io.twinwright.twin.history.HistoryBucket;
import io.twinwright.twin.history.HistoryConfig;
import io.twinwright.twin.history.HistoryPoint;
import io.twinwright.twin.history.PropertyHistory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The history route over the real history store (in an in-memory MongoDB-wire server). */
class HistoryRoutesTest extends OperatorApiTestBase {
  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");
  private static final String TEMPERATURE = "/features/env/properties/temperature";
  private static final Instant T0 =
      Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);

  private MongoServer mongo;
  private MongoClient mongoClient;
  private PropertyHistory history;

  @Override
  protected ApiPorts ports() {
    mongo = new MongoServer(new MemoryBackend());
    var address = mongo.bind();
    mongoClient =
        MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    history =
        new PropertyHistory(
            mongoClient.getDatabase("tw"), () -> {}, HistoryConfig.defaults(), Clock.systemUTC());
    history.start();
    return ApiPorts.none()
        .withHistory(
            new HistoryQueries() {
              @Override
              public List<HistoryPoint> points(
                  String thingId, String pointer, Instant from, Instant to, int limit) {
                return history.points(thingId, pointer, from, to, limit);
              }

              @Override
              public List<HistoryBucket> buckets(
                  String thingId, String pointer, Instant from, Instant to, Duration step) {
                return history.buckets(thingId, pointer, from, to, step);
              }
            });
  }

  @AfterEach
  void closeHistory() {
    history.close();
    mongoClient.close();
    mongo.shutdownNow();
  }

  private void reading(int seconds, String property, Object value) throws Exception {
    TwinPatch patch =
        new TwinPatch(
            SENSOR, List.of(new PropertyUpdate("env", property, value)), T0.plusSeconds(seconds));
    twins.apply(patch).get(5, TimeUnit.SECONDS);
    history.record(SENSOR, patch.observedAt(), patch.updates(), true).get(5, TimeUnit.SECONDS);
  }

  private io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>
      get(String thingId, String... params) {
    var request = client.get("/api/2/things/" + thingId + "/history");
    for (int i = 0; i < params.length; i += 2) {
      request.addQueryParam(params[i], params[i + 1]);
    }
    return request.send();
  }

  @Test
  void answers_raw_readings_in_time_order(VertxTestContext tc) throws Exception {
    reading(30, "temperature", 21.5);
    reading(10, "temperature", 20.0);
    reading(20, "state", "on");
    expect(
        tc,
        get(
            "acme:sensor-1",
            "path",
            TEMPERATURE,
            "from",
            T0.toString(),
            "to",
            T0.plusSeconds(60).toString()),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.bodyAsJsonArray())
              .isEqualTo(
                  new JsonArray()
                      .add(new JsonObject().put("t", T0.plusSeconds(10).toString()).put("v", 20.0))
                      .add(
                          new JsonObject().put("t", T0.plusSeconds(30).toString()).put("v", 21.5)));
        });
  }

  @Test
  void answers_min_max_avg_count_per_step(VertxTestContext tc) throws Exception {
    reading(5, "temperature", 20.0);
    reading(50, "temperature", 22.0);
    reading(70, "temperature", 30.0);
    expect(
        tc,
        get(
            "acme:sensor-1",
            "path",
            TEMPERATURE,
            "from",
            T0.toString(),
            "to",
            T0.plusSeconds(3600).toString(),
            "step",
            "60s"),
        r -> {
          assertThat(r.statusCode()).isEqualTo(200);
          JsonArray steps = r.bodyAsJsonArray();
          assertThat(steps).hasSize(2);
          assertThat(steps.getJsonObject(0))
              .isEqualTo(
                  new JsonObject()
                      .put("t", T0.toString())
                      .put("min", 20.0)
                      .put("max", 22.0)
                      .put("avg", 21.0)
                      .put("count", 2));
          assertThat(steps.getJsonObject(1).getInteger("count")).isEqualTo(1);
          assertThat(steps.getJsonObject(1).getString("t"))
              .isEqualTo(T0.plusSeconds(60).toString());
        });
  }

  @Test
  void refuses_a_step_over_text_readings_with_400(VertxTestContext tc) throws Exception {
    reading(20, "state", "on");
    expect(
        tc,
        get(
            "acme:sensor-1",
            "path",
            "/features/env/properties/state",
            "from",
            T0.toString(),
            "to",
            T0.plusSeconds(60).toString(),
            "step",
            "PT1M"),
        r -> {
          assertThat(r.statusCode()).isEqualTo(400);
          assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("api:request.invalid");
          assertThat(r.bodyAsJsonObject().getString("message")).contains("not numeric");
        });
  }

  @Test
  void refuses_bad_parameters_with_400(VertxTestContext tc) throws Exception {
    reading(20, "temperature", 20.0);
    String[][] requests = {
      {"path", TEMPERATURE, "from", "yesterday"},
      {"path", TEMPERATURE, "step", "fortnightly"},
      {"path", TEMPERATURE, "limit", "0"},
      {"path", "/attributes/location"},
      {"path", TEMPERATURE, "from", T0.plusSeconds(60).toString(), "to", T0.toString()},
      {"from", T0.toString()},
    };
    var checkpoint = tc.checkpoint(requests.length);
    for (String[] params : requests) {
      get("acme:sensor-1", params)
          .onComplete(
              tc.succeeding(
                  r ->
                      tc.verify(
                          () -> {
                            assertThat(r.statusCode()).as(String.join(" ", params)).isEqualTo(400);
                            dittoError(r.bodyAsJsonObject(), 400);
                            checkpoint.flag();
                          })));
    }
  }

  @Test
  void answers_404_for_an_unknown_thing(VertxTestContext tc) {
    expect(
        tc,
        get("acme:nobody", "path", TEMPERATURE),
        r -> {
          assertThat(r.statusCode()).isEqualTo(404);
          assertThat(dittoError(r.bodyAsJsonObject(), 404)).isEqualTo("things:thing.notfound");
        });
  }
}
