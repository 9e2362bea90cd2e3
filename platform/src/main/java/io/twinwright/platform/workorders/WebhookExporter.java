package io.twinwright.platform.workorders;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs events to the configured webhooks, signed, and retries with exponential backoff: after a
 * connection failure or timeout, a 5xx or a 429 (honouring {@code Retry-After} up to the maximum
 * backoff); never after another status, which a retry would only repeat. Everything runs on one
 * Vert.x context with timers, so retries cost no threads; they continue while the process runs and
 * stop on {@link #close()}.
 */
public final class WebhookExporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookExporter.class);

  /** One attempt's outcome, reported as it happens. */
  public record Attempt(URI webhook, int number, Optional<String> error) {}

  private final Vertx vertx;
  private final WorkOrderConfig config;
  private final Clock clock;
  private final WebClient client;
  private final Context context;
  private final Set<Long> timers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public WebhookExporter(Vertx vertx, WorkOrderConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("twinwright-webhooks")
                .setFollowRedirects(false)
                .setConnectTimeout((int) config.requestTimeout().toMillis()));
    this.context = vertx.getOrCreateContext();
  }

  /** Whether any webhook is configured. */
  public boolean enabled() {
    return !config.webhooks().isEmpty();
  }

  /**
   * Delivers one event to every webhook. Each attempt's body is the event plus {@code sentAt},
   * signed anew. Completes when every webhook took it, fails when one gave up; {@code onAttempt}
   * hears about each attempt on the exporter's context.
   *
   * @param deliveryId sent as {@code X-Twinwright-Delivery}, the same on every retry
   */
  public Future<Void> deliver(String deliveryId, JsonObject event, Consumer<Attempt> onAttempt) {
    Promise<Void> all = Promise.promise();
    context.runOnContext(
        v -> {
          List<Future<Void>> each = new ArrayList<>();
          for (URI webhook : config.webhooks()) {
            Promise<Void> one = Promise.promise();
            attempt(webhook, deliveryId, event, 1, one, onAttempt);
            each.add(one.future());
          }
          Future.join(each).<Void>mapEmpty().onComplete(all);
        });
    return all.future();
  }

  private void attempt(
      URI webhook,
      String deliveryId,
      JsonObject event,
      int number,
      Promise<Void> done,
      Consumer<Attempt> onAttempt) {
    if (closed) {
      done.tryFail("exporter closed");
      return;
    }
    String sentAt = clock.instant().toString();
    byte[] body = event.copy().put("sentAt", sentAt).encode().getBytes(StandardCharsets.UTF_8);
    client
        .postAbs(webhook.toString())
        .timeout(config.requestTimeout().toMillis())
        .putHeader("Content-Type", "application/json")
        .putHeader(WebhookSignature.HEADER, WebhookSignature.sign(config.secret(), body))
        .putHeader(WebhookSignature.TIMESTAMP_HEADER, sentAt)
        .putHeader(WebhookSignature.DELIVERY_HEADER, deliveryId)
        .sendBuffer(Buffer.buffer(body))
        .onComplete(
            ar -> {
              HttpResponse<Buffer> response = ar.succeeded() ? ar.result() : null;
              int status = response == null ? 0 : response.statusCode();
              if (response != null && status >= 200 && status < 300) {
                onAttempt.accept(new Attempt(webhook, number, Optional.empty()));
                done.tryComplete();
                return;
              }
              String error = response == null ? describe(ar.cause()) : "HTTP " + status;
              onAttempt.accept(new Attempt(webhook, number, Optional.of(error)));
              boolean retryable = response == null || status >= 500 || status == 429;
              if (!retryable || number >= config.maxAttempts() || closed) {
                LOG.warn("webhook {} gave up on delivery {}: {}", webhook, deliveryId, error);
                done.tryFail(error);
                return;
              }
              long delay = delayMillis(number, response);
              long[] timer = new long[1];
              timer[0] =
                  vertx.setTimer(
                      delay,
                      t -> {
                        timers.remove(timer[0]);
                        attempt(webhook, deliveryId, event, number + 1, done, onAttempt);
                      });
              timers.add(timer[0]);
            });
  }

  /**
   * initial × 2^(n−1), at most the maximum; a longer {@code Retry-After} wins up to the maximum.
   */
  long delayMillis(int failedAttempt, HttpResponse<Buffer> response) {
    long max = config.maxBackoff().toMillis();
    long initial = config.initialBackoff().toMillis();
    int doublings = Math.min(failedAttempt - 1, 40);
    long delay = initial > (max >> doublings) ? max : Math.min(max, initial << doublings);
    if (response != null) {
      String retryAfter = response.getHeader("Retry-After");
      if (retryAfter != null && retryAfter.trim().matches("\\d{1,9}")) {
        delay =
            Math.max(
                delay,
                Math.min(max, Duration.ofSeconds(Long.parseLong(retryAfter.trim())).toMillis()));
      }
    }
    return Math.max(1, delay);
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Stops retrying; deliveries still pending stay pending (and are resumed at the next start). */
  @Override
  public void close() {
    closed = true;
    for (Long timer : timers) {
      vertx.cancelTimer(timer);
    }
    timers.clear();
    client.close();
  }
}
