package io.twinwright.bench.api;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Prints latency histograms (recorded in microseconds) as one line per request kind, in ms. */
public final class LatencyLines {
  private LatencyLines() {}

  public static void print(PrintWriter out, Map<String, Histogram> histograms) {
    out.printf(
        "latency (ms)      count      mean       p50       p90       p99     p99.9       max%n");
    for (Map.Entry<String, Histogram> e : new TreeMap<>(histograms).entrySet()) {
      Histogram h = e.getValue();
      synchronized (h) {
        out.printf(
            "  %-12s %9d %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f%n",
            e.getKey(),
            h.getTotalCount(),
            h.getMean() / 1000,
            h.getValueAtPercentile(50) / 1000.0,
            h.getValueAtPercentile(90) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0,
            h.getValueAtPercentile(99.9) / 1000.0,
            h.getMaxValue() / 1000.0);
      }
    }
  }
}
