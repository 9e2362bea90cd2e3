package io.twinwright.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a {@link LoadReport} as JSON for scripts and dashboards. Absent values are left out rather
 * than written as null, and the health bodies are embedded as JSON when they are JSON.
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static ObjectNode toJson(LoadReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("startedAt", report.startedAt());
    root.set("settings", MAPPER.valueToTree(report.settings()));
    root.set("machine", MAPPER.valueToTree(report.machine()));
    root.set("provisioning", MAPPER.valueToTree(report.provisioning()));
    root.set("connections", MAPPER.valueToTree(report.connections()));
    root.set("publishing", MAPPER.valueToTree(report.publishing()));
    root.set("twins", MAPPER.valueToTree(report.twins()));
    ObjectNode latency = root.putObject("latencyMillis");
    latency.set("publishToTwin", MAPPER.valueToTree(report.publishToTwin()));
    if (report.settings().qos() == 1) {
      latency.set("publishToAck", MAPPER.valueToTree(report.publishToAck()));
    }
    ObjectNode health = root.putObject("health");
    report.healthBefore().ifPresent(body -> health.set("before", bodyNode(body)));
    report.healthAfter().ifPresent(body -> health.set("after", bodyNode(body)));
    health.put("seconds", report.health().seconds());
    health.set("deltas", MAPPER.valueToTree(report.health().deltas()));
    report.health().twinUpdateCounter().ifPresent(key -> health.put("twinUpdateCounter", key));
    report
        .health()
        .twinUpdatesPerSecond()
        .ifPresent(rate -> health.put("twinUpdatesPerSecond", rate));
    return root;
  }

  public static void write(LoadReport report, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      MAPPER.writeValue(file.toFile(), toJson(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write report to " + file, e);
    }
  }

  private static JsonNode bodyNode(String body) {
    try {
      JsonNode parsed = MAPPER.readTree(body);
      if (parsed != null && !parsed.isMissingNode()) {
        return parsed;
      }
    } catch (IOException e) {
      // not JSON: kept as text below
    }
    return MAPPER.getNodeFactory().textNode(body);
  }
}
