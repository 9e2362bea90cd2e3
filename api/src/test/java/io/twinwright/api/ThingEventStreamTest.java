package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.twin.DeviceId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThingEventStreamTest extends ApiTestBase {
  private HttpClient http;

  /** Closes without the grace period, which a paused stream would otherwise use up. */
  @AfterEach
  void closeClient(VertxTestContext tc) {
    if (http == null) {
      tc.completeNow();
      return;
    }
    http.close().onComplete(tc.succeedingThenComplete());
  }

  /** Opens an event stream with a plain HTTP client; completes once the headers arrived. */
  private Future<HttpClientResponse> openStream(Vertx vertx, String query) {
    http = vertx.createHttpClient();
    return http.request(HttpMethod.GET, port, "127.0.0.1", "/api/2/things" + query)
        .compose(req -> req.putHeader("Accept", "text/event-stream").send())
        // The server ending a stream is expected in these tests, not an error to log.
        .onSuccess(response -> response.exceptionHandler(e -> {}));
  }

  /** Feeds every {@code data:} payload of the stream to the consumer. */
  private static void onData(HttpClientResponse response, Consumer<JsonObject> consumer) {
    StringBuilder pending = new StringBuilder();
    response.handler(
        (Buffer chunk) -> {
          pending.append(chunk.toString());
          int end;
          while ((end = pending.indexOf("\n\n")) >= 0) {
            String event = pending.substring(0, end);
            pending.delete(0, end + 2);
            for (String line : event.split("\n")) {
              if (line.startsWith("data:")) {
                consumer.accept(new JsonObject(line.substring("data:".length())));
              }
            }
          }
        });
  }

  private static void eventually(Vertx vertx, VertxTestContext tc, BooleanSupplier condition) {
    vertx.setPeriodic(
        10,
        timer -> {
          if (condition.getAsBoolean()) {
            vertx.cancelTimer(timer);
            tc.completeNow();
          }
        });
  }

  @Test
  void streams_the_changed_part_of_the_requested_twins_only(Vertx vertx, VertxTestContext tc) {
    openStream(vertx, "?ids=acme:watched")
        .onComplete(
            tc.succeeding(
                response -> {
                  tc.verify(
                      () -> {
                        assertThat(response.statusCode()).isEqualTo(200);
                        assertThat(response.getHeader("Content-Type"))
                            .isEqualTo("text/event-stream");
                      });
                  onData(
                      response,
                      data ->
                          tc.verify(
                              () -> {
                                // The other twin changed first: seeing it here would be a leak.
                                assertThat(data)
                                    .isEqualTo(
                                        new JsonObject(
                                            "{\"thingId\":\"acme:watched\",\"features\":"
                                                + "{\"temperature\":{\"properties\":"
                                                + "{\"value\":22.0}}}}"));
                                tc.completeNow();
                              }));
                  vertx
                      .executeBlocking(
                          () -> {
                            set("acme:ignored", "temperature", 1.0);
                            set("acme:watched", "temperature", 22.0);
                            return null;
                          })
                      .onFailure(tc::failNow);
                }));
  }

  @Test
  void streams_a_created_twin_whole(Vertx vertx, VertxTestContext tc) {
    openStream(vertx, "?namespaces=acme&fields=thingId,definition")
        .onComplete(
            tc.succeeding(
                response -> {
                  onData(
                      response,
                      data ->
                          tc.verify(
                              () -> {
                                assertThat(data)
                                    .isEqualTo(
                                        new JsonObject()
                                            .put("thingId", "acme:new")
                                            .put(
                                                "definition",
                                                "io.twinwright:environment-sensor:1.0.0"));
                                tc.completeNow();
                              }));
                  vertx
                      .executeBlocking(
                          () ->
                              twins
                                  .ensure(
                                      DeviceId.of("other", "new"),
                                      "io.twinwright:environment-sensor:1.0.0")
                                  .thenCompose(
                                      t ->
                                          twins.ensure(
                                              DeviceId.of("acme", "new"),
                                              "io.twinwright:environment-sensor:1.0.0"))
                                  .get())
                      .onFailure(tc::failNow);
                }));
  }

  @Test
  void ends_the_subscription_when_the_client_disconnects(Vertx vertx, VertxTestContext tc) {
    openStream(vertx, "")
        .onComplete(
            tc.succeeding(
                response -> {
                  tc.verify(() -> assertThat(server.openEventStreams()).isEqualTo(1));
                  response.request().connection().close();
                  eventually(vertx, tc, () -> server.openEventStreams() == 0);
                }));
  }

  @Test
  void disconnects_a_client_that_does_not_read(Vertx vertx, VertxTestContext tc) {
    String bulky = "x".repeat(16 * 1024);
    expect(
        tc,
        openStream(vertx, "?ids=acme:flood")
            .compose(
                response -> {
                  response.pause();
                  return vertx.executeBlocking(
                      () -> {
                        // Far more than socket buffers hold; stops once the server gave up.
                        int sent = 0;
                        while (sent < 20_000 && server.openEventStreams() > 0) {
                          set("acme:flood", "payload", bulky + sent++);
                        }
                        return sent;
                      });
                }),
        sent -> {
          assertThat(server.openEventStreams()).isZero();
          assertThat(sent).isLessThan(20_000);
        });
  }

  @Test
  void rejects_an_invalid_id_filter_before_streaming(Vertx vertx, VertxTestContext tc) {
    expect(
        tc,
        openStream(vertx, "?ids=not-a-thing-id")
            .compose(r -> r.body().map(body -> new Object[] {r.statusCode(), body})),
        result -> {
          assertThat(result[0]).isEqualTo(400);
          assertThat(new JsonObject((Buffer) result[1]).getString("error"))
              .isEqualTo("things:id.invalid");
        });
  }
}
