package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinPatch;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InboxRoutesTest extends OperatorApiTestBase {

  /** What the routes passed to the port. */
  record Sent(
      String thingId,
      String subject,
      String contentType,
      String payload,
      Optional<Duration> timeout) {}

  private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
  private volatile Function<Sent, Optional<CommandReply>> device = s -> Optional.empty();

  @Override
  protected ApiPorts ports() {
    return ApiPorts.none()
        .withCommands(
            new CommandOperations() {
              @Override
              public Future<Void> send(
                  String thingId, String subject, String contentType, byte[] payload) {
                sent.add(new Sent(thingId, subject, contentType, text(payload), Optional.empty()));
                return subject.contains("!")
                    ? Future.failedFuture(ApiException.invalid("bad subject"))
                    : Future.succeededFuture();
              }

              @Override
              public Future<Optional<CommandReply>> request(
                  String thingId,
                  String subject,
                  String contentType,
                  byte[] payload,
                  Duration timeout) {
                Sent s =
                    new Sent(thingId, subject, contentType, text(payload), Optional.of(timeout));
                sent.add(s);
                return Future.succeededFuture(device.apply(s));
              }
            });
  }

  @BeforeEach
  void createTwin() throws Exception {
    twins
        .apply(
            new TwinPatch(
                DeviceId.ofThingId("acme:valve-1"),
                List.of(new PropertyUpdate("position", "value", 0)),
                Instant.now()))
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void timeout_zero_sends_a_one_way_command_and_answers_202(VertxTestContext tc) {
    expect(
        tc,
        client
            .post("/api/2/things/acme:valve-1/inbox/messages/open?timeout=0")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("{\"to\":50}")),
        r -> {
          assertThat(r.statusCode()).isEqualTo(202);
          assertThat(sent.poll())
              .isEqualTo(
                  new Sent(
                      "acme:valve-1", "open", "application/json", "{\"to\":50}", Optional.empty()));
        });
  }

  @Test
  void a_request_answers_with_the_devices_status_and_payload(VertxTestContext tc) {
    device = s -> Optional.of(new CommandReply(201, "text/plain", bytes("moved to 50")));

    expect(
        tc,
        client
            .post("/api/2/things/acme:valve-1/inbox/messages/move?timeout=5")
            .putHeader("Content-Type", "text/plain")
            .sendBuffer(Buffer.buffer("50")),
        r -> {
          assertThat(r.statusCode()).isEqualTo(201);
          assertThat(r.getHeader("Content-Type")).isEqualTo("text/plain");
          assertThat(r.bodyAsString()).isEqualTo("moved to 50");
          Sent s = sent.poll();
          assertThat(s.timeout()).contains(Duration.ofSeconds(5));
          assertThat(s.payload()).isEqualTo("50");
        });
  }

  @Test
  void without_a_timeout_it_waits_ten_seconds_as_ditto_does(VertxTestContext tc) {
    device = s -> Optional.of(new CommandReply(204, "text/plain", new byte[0]));

    expect(
        tc,
        client.post("/api/2/things/acme:valve-1/inbox/messages/ping").send(),
        r -> {
          assertThat(r.statusCode()).isEqualTo(204);
          Sent s = sent.poll();
          assertThat(s.timeout()).contains(Duration.ofSeconds(10));
          assertThat(s.contentType()).isEqualTo("application/octet-stream");
        });
  }

  @Test
  void no_answer_in_time_is_408_in_dittos_error_shape(VertxTestContext tc) {
    expect(
        tc,
        client.post("/api/2/things/acme:valve-1/inbox/messages/ping?timeout=1").send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 408)).isEqualTo("messages:timeout"));
  }

  @Test
  void an_unknown_thing_is_404_and_nothing_is_sent(VertxTestContext tc) {
    expect(
        tc,
        client.post("/api/2/things/acme:nothing/inbox/messages/open?timeout=0").send(),
        r -> {
          assertThat(dittoError(r.bodyAsJsonObject(), 404)).isEqualTo("things:thing.notfound");
          assertThat(sent).isEmpty();
        });
  }

  @Test
  void rejects_a_bad_timeout_or_thing_id(VertxTestContext tc) {
    expect(
        tc,
        client
            .post("/api/2/things/acme:valve-1/inbox/messages/open?timeout=61")
            .send()
            .compose(
                tooLong ->
                    client
                        .post("/api/2/things/no-namespace/inbox/messages/open")
                        .send()
                        .map(badId -> List.of(tooLong, badId))),
        r -> {
          assertThat(dittoError(r.get(0).bodyAsJsonObject(), 400))
              .isEqualTo("messages:timeout.invalid");
          assertThat(dittoError(r.get(1).bodyAsJsonObject(), 400)).isEqualTo("things:id.invalid");
          assertThat(sent).isEmpty();
        });
  }

  @Test
  void a_refusal_of_the_port_reaches_the_client(VertxTestContext tc) {
    expect(
        tc,
        client.post("/api/2/things/acme:valve-1/inbox/messages/bad!?timeout=0").send(),
        r -> assertThat(dittoError(r.bodyAsJsonObject(), 400)).isEqualTo("api:request.invalid"));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
