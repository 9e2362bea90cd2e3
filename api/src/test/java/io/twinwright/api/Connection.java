package io.twinwright.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One Ditto Protocol WebSocket connection; everything it receives is queued for the test thread.
 */
final class Connection {
  private static final Duration WAIT = Duration.ofSeconds(10);

  final WebSocket socket;
  final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
  // received on the test thread but not taken yet
  final List<String> seen = new ArrayList<>();

  Connection(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(received::add);
  }

  void send(String text) throws Exception {
    socket
        .writeTextMessage(text)
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  void send(JsonObject message) throws Exception {
    send(message.encode());
  }

  /**
   * Takes the first received text frame (in arrival order) that matches, leaving the others for
   * later calls; fails after the deadline.
   */
  String next(Predicate<String> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      for (java.util.Iterator<String> it = seen.iterator(); it.hasNext(); ) {
        String text = it.next();
        if (wanted.test(text)) {
          it.remove();
          return text;
        }
      }
      long left = deadline - System.nanoTime();
      String text = received.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
      if (text == null) {
        throw new AssertionError("no matching message within " + WAIT + "; unmatched: " + seen);
      }
      seen.add(text);
    }
  }

  /** Whether nothing is left unread (received but not taken). */
  boolean drained() {
    return seen.isEmpty() && received.isEmpty();
  }

  JsonObject nextJson(Predicate<JsonObject> wanted) throws InterruptedException {
    return new JsonObject(next(t -> t.startsWith("{") && wanted.test(new JsonObject(t))));
  }

  JsonObject response(String correlationId) throws InterruptedException {
    return nextJson(
        j ->
            j.containsKey("status")
                && correlationId.equals(
                    j.getJsonObject("headers", new JsonObject()).getString("correlation-id")));
  }

  JsonObject event(String topicSuffix) throws InterruptedException {
    return nextJson(j -> j.getString("topic", "").endsWith(topicSuffix));
  }

  /** Opens {@code /ws/2} with Basic credentials. */
  static Connection open(WebSocketClient client, int port, String user, String password)
      throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    WebSocket socket =
        client
            .connect(
                new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .setURI("/ws/2")
                    .addHeader("Authorization", "Basic " + basic))
            .toCompletionStage()
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    return new Connection(socket);
  }

  static JsonObject command(
      String thingId, String action, String path, Object value, String correlationId) {
    String[] id = thingId.split(":", 2);
    JsonObject message =
        new JsonObject()
            .put("topic", id[0] + "/" + id[1] + "/things/twin/commands/" + action)
            .put("path", path)
            .put("headers", new JsonObject().put("correlation-id", correlationId));
    if (value != null) {
      message.put("value", value);
    }
    if (action.equals("merge")) {
      // as Ditto requires of merge commands
      message.getJsonObject("headers").put("content-type", "application/merge-patch+json");
    }
    return message;
  }

  void startEvents(String options) throws Exception {
    send("START-SEND-EVENTS" + options);
    assertThat(next(t -> t.startsWith("START-SEND-EVENTS"))).isEqualTo("START-SEND-EVENTS:ACK");
  }
}
