package io.twinwright.bench.load;

import io.twinwright.bench.report.LatencySummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Prints one line per interval while publishing and draining, from its own daemon thread. */
final class ProgressMonitor implements AutoCloseable {
  private final PrintWriter out;
  private final Duration interval;
  private final LoadStats stats;
  private final SampleMatcher matcher;
  private final long startNanos;
  private final long warmupNanos;
  private final boolean showAcks;
  private final ScheduledExecutorService timer;
  private volatile boolean publishingDone;
  private long lastNanos;
  private long lastIssued;
  private long lastObserved;
  private long lastAcked;

  ProgressMonitor(
      PrintWriter out,
      Duration interval,
      LoadStats stats,
      SampleMatcher matcher,
      long startNanos,
      Duration warmup,
      boolean showAcks) {
    this.out = out;
    this.interval = interval;
    this.stats = stats;
    this.matcher = matcher;
    this.startNanos = startNanos;
    this.warmupNanos = warmup.toNanos();
    this.showAcks = showAcks;
    this.lastNanos = startNanos;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bench-progress");
              thread.setDaemon(true);
              return thread;
            });
  }

  void start() {
    long millis = interval.toMillis();
    timer.scheduleAtFixedRate(this::printLine, millis, millis, TimeUnit.MILLISECONDS);
  }

  void publishingDone() {
    publishingDone = true;
  }

  private synchronized void printLine() {
    long now = System.nanoTime();
    double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
    long issued = stats.sent() + stats.warmupSent();
    long observed = matcher.observed();
    long acked = stats.acknowledged();
    String phase =
        publishingDone ? "drain  " : (now - startNanos < warmupNanos ? "warmup " : "measure");
    LatencySummary twin = matcher.latency().interval();
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "[%6.1fs] %s sent %9d (%8.1f/s) failed %d",
                (now - startNanos) / 1e9,
                phase,
                issued,
                (issued - lastIssued) / seconds,
                stats.failed()));
    if (showAcks) {
      LatencySummary ack = stats.ackLatency().interval();
      line.append(
          String.format(
              Locale.ROOT,
              " | acked %d (%.1f/s) p99 %.2f ms",
              acked,
              (acked - lastAcked) / seconds,
              ack.p99Millis()));
    }
    line.append(
        String.format(
            Locale.ROOT,
            " | twin %d (%.1f/s) p50 %.2f ms p99 %.2f ms",
            observed,
            (observed - lastObserved) / seconds,
            twin.p50Millis(),
            twin.p99Millis()));
    out.println(line);
    out.flush();
    lastNanos = now;
    lastIssued = issued;
    lastObserved = observed;
    lastAcked = acked;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
