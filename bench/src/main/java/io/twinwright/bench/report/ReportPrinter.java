package io.twinwright.bench.report;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link LoadReport} as the human-readable summary printed at the end of a run. */
public final class ReportPrinter {
  private ReportPrinter() {}

  public static void print(LoadReport report, PrintWriter out) {
    LoadReport.Settings s = report.settings();
    out.println();
    out.println("=== twinwright-bench mqtt-load summary ===");
    out.println(
        f(
            "target      %d devices, %s msg/s, %s s measured after %s s warmup, QoS %d on %s,"
                + " mqtt %s, api %s, tenant %s",
            s.devices(),
            number(s.rate()),
            number(s.durationSeconds()),
            number(s.warmupSeconds()),
            s.qos(),
            s.channel(),
            s.mqtt(),
            s.apiUrl(),
            s.tenant()));
    MachineInfo m = report.machine();
    out.println(
        f(
            "machine     %d cores, %s, max heap %d MiB, %s",
            m.cores(), m.jvm(), m.maxHeapBytes() / (1024 * 1024), m.os()));
    LoadReport.Provisioning p = report.provisioning();
    out.println(
        p.performed()
            ? f(
                "provision   %d created, %d already existed, %d failed",
                p.created(), p.existing(), p.failed())
            : "provision   skipped (--no-provision)");
    LoadReport.Connections c = report.connections();
    out.println(
        f(
            "connect     %d of %d connected in %.1f s, %d failed, %d lost during the run",
            c.connected(), c.requested(), c.rampSeconds(), c.failed(), c.lost()));
    c.failures().forEach(failure -> out.println("              " + failure));
    LoadReport.Publishing pub = report.publishing();
    out.println(
        f(
            "publish     %d sent in %.2f s = %.1f msg/s (target %s), %d failed, %d during warmup",
            pub.sent(),
            pub.seconds(),
            pub.ratePerSecond(),
            number(s.rate()),
            pub.failed(),
            pub.warmupSent()));
    if (s.qos() == 1) {
      out.println(f("puback      %d of %d acknowledged", pub.acknowledged(), pub.sent()));
    }
    LoadReport.Twins t = report.twins();
    out.println(
        f(
            "twins       %d sampled devices: %d updates observed (%.1f/s), %d matched to %d"
                + " measured publishes",
            t.sampledDevices(), t.observed(), t.ratePerSecond(), t.matched(), t.expected()));
    if (t.undecodable() > 0 || t.streamsEndedEarly() > 0) {
      out.println(
          f(
              "            %d undecodable SSE events, %d SSE connections ended early",
              t.undecodable(), t.streamsEndedEarly()));
    }
    out.println(
        "latency (ms)            count      mean       p50       p90       p99     p99.9       max");
    out.println(latencyLine("publish -> twin", report.publishToTwin()));
    if (s.qos() == 1) {
      out.println(latencyLine("publish -> PUBACK", report.publishToAck()));
    }
    out.println("health before  " + report.healthBefore().orElse("(not available)"));
    out.println("health after   " + report.healthAfter().orElse("(not available)"));
    if (report.health().deltas().isEmpty()) {
      out.println("platform    no numeric health counters to compare");
    } else {
      out.println(f("platform    counter deltas over %.2f s:", report.health().seconds()));
      Map<String, Double> rates = report.health().ratesPerSecond();
      report
          .health()
          .deltas()
          .forEach(
              (key, delta) ->
                  out.println(
                      f(
                          "              %-40s %14s  (%s/s)",
                          key,
                          (delta > 0 ? "+" : "") + number(delta),
                          number(rates.getOrDefault(key, 0.0)))));
      report
          .health()
          .twinUpdatesPerSecond()
          .ifPresentOrElse(
              rate ->
                  out.println(
                      f(
                          "platform    %.1f twin updates/s (counter %s)",
                          rate, report.health().twinUpdateCounter().orElseThrow())),
              () -> out.println("platform    no twin update counter recognised in /health"));
    }
    out.flush();
  }

  private static String latencyLine(String label, LatencySummary l) {
    return f(
        "  %-18s %10d %9.3f %9.3f %9.3f %9.3f %9.3f %9.3f",
        label,
        l.count(),
        l.meanMillis(),
        l.p50Millis(),
        l.p90Millis(),
        l.p99Millis(),
        l.p999Millis(),
        l.maxMillis());
  }

  /** Whole numbers without decimals, others with two. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return f("%.2f", value);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
