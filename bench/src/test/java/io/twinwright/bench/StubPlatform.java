package io.twinwright.bench;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the platform, just faithful enough to the contract the generator codes against:
 * the management API, {@code /health}, the twin SSE stream, and an MQTT endpoint that checks {@code
 * auth-id@tenant} credentials and turns each {@code {"t": n}} publish into a twin update event with
 * value {@code n / 100}. Deployed as one verticle, so all state lives on one event loop.
 */
final class StubPlatform extends VerticleBase {
  private record Subscriber(Set<String> thingIds, HttpServerResponse response) {}

  private final Map<String, String> passwords = new HashMap<>();
  private final Set<String> devices = new HashSet<>();
  private final List<Subscriber> subscribers = new ArrayList<>();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong publishes = new AtomicLong();
  private final AtomicLong twinUpdates = new AtomicLong();
  private volatile boolean holdStreamHeaders;
  private HttpServer http;
  private MqttServer mqtt;

  static StubPlatform start(Vertx vertx) throws Exception {
    StubPlatform stub = new StubPlatform();
    vertx.deployVerticle(stub).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return stub;
  }

  @Override
  public Future<?> start() {
    http = vertx.createHttpServer().requestHandler(this::handle);
    mqtt =
        MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(0))
            .endpointHandler(this::accept);
    return Future.all(http.listen(0, "127.0.0.1"), mqtt.listen());
  }

  String apiUrl() {
    return "http://127.0.0.1:" + http.actualPort();
  }

  int mqttPort() {
    return mqtt.actualPort();
  }

  /** Registers a device before the run, as a previous run would have. */
  void preRegister(String tenant, String deviceId) {
    context.runOnContext(ignored -> devices.add(tenant + ":" + deviceId));
  }

  /** Sends the SSE response headers only with the first event, as some servers do. */
  void holdStreamHeadersUntilFirstEvent() {
    holdStreamHeaders = true;
  }

  long created() {
    return created.get();
  }

  long publishes() {
    return publishes.get();
  }

  private void handle(HttpServerRequest request) {
    String[] path = request.path().split("/");
    switch (request.method().name()
        + " "
        + (path.length > 2 ? path[1] + "/" + path[2] : request.path())) {
      case "POST v1/devices" -> register(request, path[3], path[4]);
      case "PUT v1/credentials" -> credentials(request, path[3], path[4]);
      case "GET api/2" -> stream(request);
      default -> {
        if ("/health".equals(request.path())) {
          request
              .response()
              .putHeader("Content-Type", "application/json")
              .end(
                  new JsonObject()
                      .put("status", "UP")
                      .put("mqtt", new JsonObject().put("publishes", publishes.get()))
                      .put("twins", new JsonObject().put("updates", twinUpdates.get()))
                      .encode());
        } else {
          request.response().setStatusCode(404).end();
        }
      }
    }
  }

  private void register(HttpServerRequest request, String tenant, String deviceId) {
    request
        .body()
        .onSuccess(
            body -> {
              JsonObject device = body.toJsonObject();
              boolean valid =
                  device.getBoolean("enabled", false)
                      && "nordlys-ens2".equals(device.getJsonObject("ext").getString("profile"));
              if (!valid) {
                request.response().setStatusCode(400).end("bad device " + device);
              } else if (!devices.add(tenant + ":" + deviceId)) {
                request.response().setStatusCode(409).end();
              } else {
                created.incrementAndGet();
                request.response().setStatusCode(201).end();
              }
            });
  }

  private void credentials(HttpServerRequest request, String tenant, String deviceId) {
    request
        .body()
        .onSuccess(
            body -> {
              JsonObject credential = new JsonArray(body.toString()).getJsonObject(0);
              String authId = credential.getString("auth-id");
              String password =
                  credential.getJsonArray("secrets").getJsonObject(0).getString("pwd-plain");
              passwords.put(authId + "@" + tenant, password);
              request.response().setStatusCode(204).end();
            });
  }

  private void stream(HttpServerRequest request) {
    Set<String> ids = Set.of(request.getParam("ids").split(","));
    HttpServerResponse response =
        request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
    Subscriber subscriber = new Subscriber(ids, response);
    subscribers.add(subscriber);
    response.closeHandler(ignored -> subscribers.remove(subscriber));
    if (!holdStreamHeaders) {
      response.write(":ok\n\n");
    }
  }

  private void accept(MqttEndpoint endpoint) {
    String username = endpoint.auth() == null ? null : endpoint.auth().getUsername();
    String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
    if (username == null || password == null || !password.equals(passwords.get(username))) {
      endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
      return;
    }
    int at = username.lastIndexOf('@');
    String thingId = username.substring(at + 1) + ":" + username.substring(0, at);
    endpoint.publishHandler(
        message -> {
          publishes.incrementAndGet();
          int t = message.payload().toJsonObject().getInteger("t");
          twinUpdates.incrementAndGet();
          String event =
              new JsonObject()
                  .put("thingId", thingId)
                  .put("revision", publishes.get())
                  .put(
                      "features",
                      new JsonObject()
                          .put(
                              "temperature",
                              new JsonObject()
                                  .put("properties", new JsonObject().put("value", t / 100.0))))
                  .encode();
          for (Subscriber subscriber : subscribers) {
            if (subscriber.thingIds().contains(thingId)) {
              subscriber.response().write("data: " + event + "\n\n");
            }
          }
          if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            endpoint.publishAcknowledge(message.messageId());
          }
        });
    endpoint.accept(false);
  }
}
