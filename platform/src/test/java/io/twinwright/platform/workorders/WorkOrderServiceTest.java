package io.twinwright.platform.workorders;

import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.api.WorkOrderView;
import io.twinwright.platform.store.EmbeddedStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkOrderServiceTest {
  private static final String SECRET = "s3cret-shared-with-the-receiver";

  @TempDir Path dataDir;
  private Vertx vertx;
  private EmbeddedStore store;
  private HttpServer receiver;
  private WorkOrderService service;
  private final List<Received> received = new CopyOnWriteArrayList<>();

  /** Status the receiver answers for its n-th request (1-based). */
  private volatile IntUnaryOperator answer = n -> 200;

  record Received(Map<String, String> headers, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    store = EmbeddedStore.open(dataDir, Optional.empty());
    AtomicInteger count = new AtomicInteger();
    receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            body -> {
                              Map<String, String> headers = new java.util.HashMap<>();
                              req.headers()
                                  .forEach(
                                      h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                              received.add(new Received(headers, body.toString()));
                              req.response()
                                  .setStatusCode(answer.applyAsInt(count.incrementAndGet()))
                                  .end();
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (service != null) {
      service.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    store.close();
  }

  private URI webhook() {
    return URI.create("http://127.0.0.1:" + receiver.actualPort() + "/hooks/workorders");
  }

  private WorkOrderConfig config(URI webhook, int maxAttempts) {
    return WorkOrderConfig.defaults()
        .withWebhooks(List.of(webhook), SECRET)
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(40), maxAttempts);
  }

  private WorkOrderService start(WorkOrderConfig config) {
    WorkOrderService s =
        new WorkOrderService(
            store.database(),
            store::commit,
            Clock.systemUTC(),
            new WebhookExporter(vertx, config, Clock.systemUTC()));
    s.start();
    return s;
  }

  private static WorkOrderRequest request(String thingId, String kind) {
    return new WorkOrderRequest(
        thingId,
        kind,
        WorkOrder.Priority.HIGH,
        "bearing wear: about 12 days left",
        Map.of("rulDays", "12.0", "healthIndex", "0.31"));
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(5);
    }
  }

  private WorkOrder.Delivery delivery(String id) {
    return service.get(id).orElseThrow().delivery();
  }

  /** HMAC-SHA256 computed here, independently of the code under test. */
  private static String expectedSignature(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void delivers_a_signed_work_order_after_the_webhook_failed_twice_with_503() throws Exception {
    answer = n -> n <= 2 ? 503 : 200;
    service = start(config(webhook(), 5));

    WorkOrder order = service.open(request("acme:pump-1", "predicted-failure"));
    assertThat(order.delivery().status()).isEqualTo(WorkOrder.Delivery.Status.PENDING);

    eventually(() -> delivery(order.id()).status() == WorkOrder.Delivery.Status.DELIVERED);
    assertThat(delivery(order.id()).attempts()).isEqualTo(3);
    assertThat(delivery(order.id()).lastError()).contains("HTTP 503");
    assertThat(received).hasSize(3);
    for (Received r : received) {
      assertThat(r.headers().get("x-twinwright-signature")).isEqualTo(expectedSignature(r.body()));
      assertThat(r.headers().get("x-twinwright-timestamp")).isEqualTo(r.json().getString("sentAt"));
      assertThat(r.headers().get("x-twinwright-delivery")).isEqualTo(order.delivery().id());
      assertThat(r.headers().get("content-type")).isEqualTo("application/json");
    }
    JsonObject event = received.get(2).json();
    assertThat(event.getString("event")).isEqualTo("workorder.opened");
    assertThat(event.getJsonObject("workOrder").getString("id")).isEqualTo(order.id());
    assertThat(event.getJsonObject("workOrder").getString("priority")).isEqualTo("high");
    assertThat(event.getJsonObject("workOrder").getJsonObject("findings").getString("rulDays"))
        .isEqualTo("12.0");
  }

  @Test
  void a_tampered_body_does_not_verify() throws Exception {
    byte[] body = "{\"event\":\"workorder.opened\"}".getBytes(StandardCharsets.UTF_8);
    String signature = WebhookSignature.sign(SECRET, body);

    assertThat(signature).isEqualTo(expectedSignature(new String(body, StandardCharsets.UTF_8)));
    assertThat(WebhookSignature.verify(SECRET, body, signature)).isTrue();
    assertThat(
            WebhookSignature.verify(
                SECRET,
                "{\"event\":\"workorder.done\"}".getBytes(StandardCharsets.UTF_8),
                signature))
        .isFalse();
    assertThat(WebhookSignature.verify("other-secret", body, signature)).isFalse();
  }

  @Test
  void does_not_retry_when_the_webhook_answers_400() throws Exception {
    answer = n -> 400;
    service = start(config(webhook(), 5));

    WorkOrder order = service.open(request("acme:pump-1", "predicted-failure"));

    eventually(() -> delivery(order.id()).status() == WorkOrder.Delivery.Status.FAILED);
    assertThat(delivery(order.id()).attempts()).isEqualTo(1);
    assertThat(delivery(order.id()).lastError()).contains("HTTP 400");
    assertThat(received).hasSize(1);
  }

  @Test
  void retries_a_429_and_gives_up_after_the_maximum_attempts() throws Exception {
    answer = n -> 429;
    service = start(config(webhook(), 4));

    WorkOrder order = service.open(request("acme:pump-1", "predicted-failure"));

    eventually(() -> delivery(order.id()).status() == WorkOrder.Delivery.Status.FAILED);
    assertThat(delivery(order.id()).attempts()).isEqualTo(4);
    assertThat(received).hasSize(4);
  }

  @Test
  void retries_after_connection_failures_until_the_webhook_is_up() throws Exception {
    // Nothing listens here at first: every attempt is refused until the receiver binds.
    HttpServer late = vertx.createHttpServer();
    int port;
    try (var probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    AtomicInteger lateRequests = new AtomicInteger();
    service =
        start(
            config(URI.create("http://127.0.0.1:" + port + "/hook"), 1_000)
                .withBackoff(Duration.ofMillis(10), Duration.ofMillis(20), 1_000));

    WorkOrder order = service.open(request("acme:pump-1", "predicted-failure"));
    eventually(() -> delivery(order.id()).attempts() >= 2);
    assertThat(delivery(order.id()).status()).isEqualTo(WorkOrder.Delivery.Status.PENDING);
    assertThat(delivery(order.id()).lastError().orElseThrow()).doesNotContain("HTTP");

    late.requestHandler(
            req -> {
              lateRequests.incrementAndGet();
              req.response().setStatusCode(204).end();
            })
        .listen(port, "127.0.0.1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    eventually(() -> delivery(order.id()).status() == WorkOrder.Delivery.Status.DELIVERED);
    assertThat(lateRequests.get()).isEqualTo(1);
  }

  @Test
  void opening_the_same_thing_and_kind_twice_gives_one_work_order_and_one_export()
      throws Exception {
    service = start(config(webhook(), 3));

    WorkOrder first = service.open(request("acme:pump-1", "predicted-failure"));
    WorkOrder again = service.open(request("acme:pump-1", "predicted-failure"));
    WorkOrder otherKind = service.open(request("acme:pump-1", "battery-replacement"));

    assertThat(again).isEqualTo(first);
    assertThat(otherKind.id()).isNotEqualTo(first.id());
    assertThat(service.openCount()).isEqualTo(2);
    eventually(() -> received.size() == 2);
    eventually(() -> delivery(first.id()).status() == WorkOrder.Delivery.Status.DELIVERED);
    assertThat(received.stream().map(r -> r.json().getJsonObject("workOrder").getString("id")))
        .containsExactlyInAnyOrder(first.id(), otherKind.id());
  }

  @Test
  void marks_done_exports_it_after_the_opening_and_lets_a_new_one_open() throws Exception {
    answer = n -> n == 1 ? 503 : 200;
    service = start(config(webhook(), 5));
    List<WorkOrder> changes = new CopyOnWriteArrayList<>();
    service.subscribe(changes::add);

    WorkOrder opened = service.open(request("acme:pump-1", "predicted-failure"));
    WorkOrder done = service.done(opened.id()).orElseThrow();
    WorkOrder doneAgain = service.done(opened.id()).orElseThrow();
    WorkOrder reopened = service.open(request("acme:pump-1", "predicted-failure"));

    assertThat(done.state()).isEqualTo(WorkOrder.State.DONE);
    assertThat(doneAgain).isEqualTo(done);
    assertThat(reopened.id()).isNotEqualTo(opened.id());
    assertThat(service.done("no-such-id")).isEmpty();
    assertThat(changes).containsExactly(opened, done, reopened);
    eventually(() -> delivery(opened.id()).status() == WorkOrder.Delivery.Status.DELIVERED);
    List<String> eventsOfFirst =
        received.stream()
            .map(Received::json)
            .filter(j -> j.getJsonObject("workOrder").getString("id").equals(opened.id()))
            .map(j -> j.getString("event"))
            .toList();
    // The opening failed once and was retried; the done event still came after it.
    assertThat(eventsOfFirst)
        .containsExactly("workorder.opened", "workorder.opened", "workorder.done");
  }

  @Test
  void keeps_work_orders_and_resumes_a_pending_export_after_a_restart() throws Exception {
    answer = n -> 503;
    service =
        start(
            config(webhook(), 1_000)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(20), 1_000));
    WorkOrder open = service.open(request("acme:pump-1", "predicted-failure"));
    WorkOrder other = service.open(request("acme:pump-2", "predicted-failure"));
    service.done(other.id());
    eventually(() -> received.size() >= 2);
    service.close();

    answer = n -> 200;
    service = start(config(webhook(), 3));

    assertThat(service.get(open.id()).orElseThrow().state()).isEqualTo(WorkOrder.State.OPEN);
    assertThat(service.get(other.id()).orElseThrow().state()).isEqualTo(WorkOrder.State.DONE);
    assertThat(service.open(request("acme:pump-1", "predicted-failure")).id()).isEqualTo(open.id());
    eventually(() -> delivery(open.id()).status() == WorkOrder.Delivery.Status.DELIVERED);
    eventually(() -> delivery(other.id()).status() == WorkOrder.Delivery.Status.DELIVERED);
  }

  @Test
  void without_webhooks_nothing_is_exported_and_the_api_says_so() {
    service = start(WorkOrderConfig.defaults());

    WorkOrder order = service.open(request("acme:pump-1", "predicted-failure"));
    ApiWorkOrders api = new ApiWorkOrders(service);

    WorkOrderView view = api.workOrder(order.id()).orElseThrow();
    assertThat(view.state()).isEqualTo("open");
    assertThat(view.priority()).isEqualTo("high");
    assertThat(view.delivery().status()).isEqualTo("none");
    assertThat(api.workOrders(Optional.of("open"), Optional.of("acme:pump-1"))).hasSize(1);
    assertThat(api.workOrders(Optional.of("done"), Optional.empty())).isEmpty();
    assertThat(api.done(order.id()).orElseThrow().state()).isEqualTo("done");
    assertThat(received).isEmpty();
  }

  @Test
  void refuses_webhooks_without_a_secret() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WorkOrderConfig.defaults().withWebhooks(List.of(webhook()), " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret");
  }
}
