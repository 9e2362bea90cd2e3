package io.twinwright.bench.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * Keeps {@code inFlight} requests outstanding until {@code stopAtNanos}: each answer immediately
 * starts the next request (closed loop), so the achieved rate is what the server sustains at that
 * concurrency. Latency is recorded per request from send to the end of the response body.
 */
public final class ClosedLoop {
  /** One request of the mix; the supplier returns null when a finite workload is done. */
  public record Call(HttpMethod method, String uri, String body, String kind) {}

  private final HttpClient client;
  private final LongFunction<Call> calls;
  private final int inFlight;
  private final AtomicLong sequence = new AtomicLong();
  private final java.util.Map<String, Histogram> histograms =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private volatile long recordFromNanos;

  public ClosedLoop(HttpClient client, LongFunction<Call> calls, int inFlight) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("in-flight requests must be at least 1: " + inFlight);
    }
    this.client = client;
    this.calls = calls;
    this.inFlight = inFlight;
  }

  /**
   * Runs until {@code stopAtNanos} (System.nanoTime); requests completing before {@code
   * recordFromNanos} are warmup and not recorded.
   */
  public Future<Void> run(long recordFromNanos, long stopAtNanos) {
    this.recordFromNanos = recordFromNanos;
    Promise<Void> done = Promise.promise();
    AtomicLong running = new AtomicLong(inFlight);
    for (int i = 0; i < inFlight; i++) {
      next(stopAtNanos, running, done);
    }
    return done.future();
  }

  private void next(long stopAtNanos, AtomicLong running, Promise<Void> done) {
    if (System.nanoTime() >= stopAtNanos) {
      if (running.decrementAndGet() == 0) {
        done.tryComplete();
      }
      return;
    }
    Call call = calls.apply(sequence.getAndIncrement());
    if (call == null) {
      // a finite workload is exhausted
      if (running.decrementAndGet() == 0) {
        done.tryComplete();
      }
      return;
    }
    long start = System.nanoTime();
    client
        .request(new RequestOptions().setMethod(call.method()).setURI(call.uri()))
        .compose(
            req -> {
              if (call.body() != null) {
                req.putHeader("Content-Type", "application/json");
                return req.send(Buffer.buffer(call.body()));
              }
              return req.send();
            })
        .compose(resp -> resp.body().map(b -> ok(resp, call)))
        .onComplete(
            ar -> {
              long end = System.nanoTime();
              if (ar.failed() || !ar.result()) {
                errors.incrementAndGet();
              } else if (start >= recordFromNanos) {
                Histogram h =
                    histograms.computeIfAbsent(call.kind(), k -> new Histogram(60_000_000L, 3));
                // answers may arrive on several event loops
                synchronized (h) {
                  h.recordValue(Math.max(1, Math.min(60_000_000L, (end - start) / 1_000)));
                }
                completed.incrementAndGet();
              }
              next(stopAtNanos, running, done);
            });
  }

  private static boolean ok(HttpClientResponse resp, Call call) {
    int s = resp.statusCode();
    return s >= 200 && s < 300;
  }

  /** Latency in microseconds per request kind (recorded requests only). */
  public java.util.Map<String, Histogram> histograms() {
    return histograms;
  }

  public long errors() {
    return errors.get();
  }

  public long completed() {
    return completed.get();
  }
}
