package io.twinwright.rules.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinwright.rules.RuleEngine;
import io.twinwright.rules.RulesConfig;
import io.twinwright.rules.SessionClockMode;
import io.twinwright.rules.facts.FirmwareAllowList;
import io.twinwright.rules.facts.ModelLimits;
import io.twinwright.rules.facts.MonitoringPolicy;
import io.twinwright.rules.facts.SecurityPolicy;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Replays scenario files on a {@link RuleEngine} with a pseudo clock and a recording action port,
 * and compares what the rules did with what the file expects.
 *
 * <p>The clock starts at the epoch; each step's {@code at} is an offset from it (ISO-8601 duration
 * such as {@code PT90S}, or a number of seconds). Before a step the clock moves to its offset, so
 * time-based rules fire on the way; after each step the engine drains, so every reading is seen by
 * the rules on its own. The format is described in {@code rules/RULES.md}.
 */
public final class ScenarioRunner {
  private static final long DRAIN_SECONDS = 30;
  private static final Set<String> STEP_KINDS =
      Set.of(
          "reading",
          "authFailure",
          "connectivity",
          "firmware",
          "decommissioned",
          "recommissioned",
          "quarantineReleased",
          "workOrderClosed",
          "restoreAlert",
          "register",
          "deviceFact",
          "parameter",
          "expect");

  private final ObjectMapper json = new ObjectMapper();
  private final Optional<Path> packDir;

  /**
   * @param packDir a folder of authored packs to load with the bundled ones, as the platform does
   */
  public ScenarioRunner(Optional<Path> packDir) {
    this.packDir = Objects.requireNonNull(packDir, "packDir");
  }

  /** A runner for the bundled packs only. */
  public static ScenarioRunner bundled() {
    return new ScenarioRunner(Optional.empty());
  }

  /**
   * Replays one scenario file. Never throws for a bad file or a failing rule: an invalid file is a
   * failed result whose one mismatch says what is wrong and where.
   */
  public ScenarioResult run(Path file) {
    String name = file.getFileName().toString();
    JsonNode root;
    try {
      root = json.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      return invalid(name, file, "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      return invalid(name, file, "cannot read: " + e);
    }
    if (root == null || !root.isObject()) {
      return invalid(name, file, "a scenario is a JSON object");
    }
    name = root.path("name").asText(name);
    RulesConfig config = RulesConfig.defaults().withPartitions(root.path("partitions").asInt(1));
    if (packDir.isPresent()) {
      config = config.withPackDir(packDir.get());
    }
    Recorder recorder = new Recorder();
    int steps = 0;
    try (RuleEngine engine = new RuleEngine(config, recorder, SessionClockMode.PSEUDO)) {
      Replay replay = new Replay(engine, recorder);
      replay.setUp(root);
      JsonNode timeline = root.path("timeline");
      if (!timeline.isMissingNode() && !timeline.isArray()) {
        throw new IllegalArgumentException("timeline must be an array");
      }
      for (JsonNode step : timeline) {
        steps++;
        replay.step(steps, step);
      }
      JsonNode expect = root.path("expect");
      if (expect.isMissingNode()) {
        throw new IllegalArgumentException(
            "expect is missing: a scenario must say what it expects");
      }
      replay.check("at end", expect);
      return new ScenarioResult(name, file.toString(), steps, replay.mismatches);
    } catch (IllegalArgumentException | ClassCastException e) {
      return new ScenarioResult(
          name, file.toString(), steps, List.of("invalid scenario: " + e.getMessage()));
    }
  }

  private static ScenarioResult invalid(String name, Path file, String why) {
    return new ScenarioResult(name, file.toString(), 0, List.of("invalid scenario: " + why));
  }

  /** One replay: the engine, the clock offset reached and the mismatches found so far. */
  private final class Replay {
    final RuleEngine engine;
    final Recorder recorder;
    final Map<String, String> models = new HashMap<>();
    final List<String> mismatches = new ArrayList<>();
    long clock;

    Replay(RuleEngine engine, Recorder recorder) {
      this.engine = engine;
      this.recorder = recorder;
    }

    void setUp(JsonNode root) {
      for (JsonNode model : array(root, "models")) {
        Map<String, Double> high = new LinkedHashMap<>();
        model.path("highAlarms").fields().forEachRemaining(f -> high.put(f.getKey(), number(f)));
        Map<String, Double> hysteresis = new LinkedHashMap<>();
        model
            .path("hysteresis")
            .fields()
            .forEachRemaining(f -> hysteresis.put(f.getKey(), number(f)));
        engine.defineModel(
            new ModelLimits(
                text(model, "id"),
                duration(model.path("expectedInterval"), Duration.ZERO),
                high,
                hysteresis));
      }
      JsonNode security = root.path("securityPolicy");
      if (!security.isMissingNode()) {
        SecurityPolicy defaults = SecurityPolicy.defaults();
        engine.setSecurityPolicy(
            new SecurityPolicy(
                security.path("maxAuthFailures").asInt(defaults.maxAuthFailures()),
                duration(security.path("window"), defaults.window()),
                security.path("maxMessages").asInt(defaults.maxMessages()),
                duration(security.path("messageWindow"), defaults.messageWindow()),
                duration(security.path("credentialOverlap"), defaults.credentialOverlap())));
      }
      JsonNode monitoring = root.path("monitoringPolicy");
      if (!monitoring.isMissingNode()) {
        MonitoringPolicy defaults = MonitoringPolicy.defaults();
        engine.setMonitoringPolicy(
            new MonitoringPolicy(
                monitoring.path("silenceFactor").asDouble(defaults.silenceFactor()),
                monitoring.path("defaultHysteresis").asDouble(defaults.defaultHysteresis())));
      }
      for (JsonNode allow : array(root, "firmwareAllowLists")) {
        Set<String> hashes = new HashSet<>();
        array(allow, "sha256").forEach(hash -> hashes.add(hash.asText()));
        engine.setFirmwareAllowList(new FirmwareAllowList(text(allow, "model"), hashes));
      }
      for (JsonNode parameter : array(root, "parameters")) {
        engine.putParameter(text(parameter, "key"), fact(parameter));
      }
      for (JsonNode twin : array(root, "twins")) {
        String thing = thing(twin);
        String model = twin.path("model").asText("");
        models.put(thing, model);
        engine.registerTwin(thing, model, Instant.EPOCH);
      }
      settle();
    }

    void step(int index, JsonNode step) {
      if (!step.isObject() || !step.has("at")) {
        throw new IllegalArgumentException("step " + index + ": needs an \"at\" offset");
      }
      long at = duration(step.get("at"), Duration.ZERO).toMillis();
      if (at < clock) {
        throw new IllegalArgumentException(
            "step " + index + ": at " + Duration.ofMillis(at) + " is before the previous step");
      }
      String kind = null;
      for (Iterator<String> names = step.fieldNames(); names.hasNext(); ) {
        String field = names.next();
        if (field.equals("at") || field.equals("note")) {
          continue;
        }
        if (!STEP_KINDS.contains(field) || kind != null) {
          throw new IllegalArgumentException(
              "step "
                  + index
                  + ": unknown or second step kind \""
                  + field
                  + "\"; one of "
                  + STEP_KINDS);
        }
        kind = field;
      }
      if (at > clock) {
        engine.advanceTime(Duration.ofMillis(at - clock));
        clock = at;
      }
      if (kind != null) {
        try {
          apply(kind, step.get(kind), Instant.ofEpochMilli(at), "at " + Duration.ofMillis(at));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "step " + index + " (" + kind + "): " + e.getMessage(), e);
        }
      }
      settle();
    }

    private void apply(String kind, JsonNode body, Instant at, String checkpoint) {
      switch (kind) {
        case "reading" -> {
          String thing = thing(body);
          String model = body.path("model").asText(models.getOrDefault(thing, ""));
          engine.onTwinEvent(
              new TwinEvent(
                  TwinEvent.Kind.MODIFIED,
                  DeviceId.ofThingId(thing),
                  1,
                  at,
                  model,
                  List.of(
                      new PropertyUpdate(
                          text(body, "feature"), body.path("path").asText("value"), value(body)))));
        }
        case "authFailure" ->
            engine.onAuthFailure(device(body), at, body.path("remoteAddress").asText("0.0.0.0"));
        case "connectivity" ->
            engine.onConnectivity(
                device(body),
                body.path("connected").asBoolean(true),
                text(body, "remoteAddress"),
                body.path("authId").asText(device(body).id()),
                at);
        case "firmware" ->
            engine.onFirmwareReport(device(body), text(body, "version"), text(body, "sha256"), at);
        case "decommissioned" -> engine.onDecommissioned(device(body));
        case "recommissioned" -> engine.onRecommissioned(device(body));
        case "quarantineReleased" -> engine.onQuarantineReleased(thing(body));
        case "workOrderClosed" -> engine.onWorkOrderClosed(thing(body), text(body, "code"));
        case "restoreAlert" -> engine.restoreAlert(thing(body), text(body, "code"));
        case "register" -> {
          String thing = thing(body);
          String model = body.path("model").asText("");
          models.put(thing, model);
          engine.registerTwin(thing, model, at);
        }
        case "deviceFact" -> engine.putDeviceFact(thing(body), text(body, "key"), fact(body));
        case "parameter" -> engine.putParameter(text(body, "key"), fact(body));
        case "expect" -> {
          settle();
          check(checkpoint, body);
        }
        default -> throw new IllegalStateException("unhandled step kind " + kind);
      }
    }

    void check(String checkpoint, JsonNode expect) {
      settle();
      List<Expectations.ExpectedAlert> alerts = new ArrayList<>();
      for (JsonNode alert : array(expect, "alerts")) {
        alerts.add(
            new Expectations.ExpectedAlert(
                thing(alert), text(alert, "code"), alert.path("state").asText("active")));
      }
      List<Expectations.ExpectedAction> actions = new ArrayList<>();
      for (JsonNode action : array(expect, "actions")) {
        actions.add(
            new Expectations.ExpectedAction(
                text(action, "action"), thing(action), action.path("subject").asText("")));
      }
      new Expectations(alerts, actions)
          .compare(recorder.alerts(), recorder.actions())
          .forEach(m -> mismatches.add(checkpoint + ": " + m));
    }

    private void settle() {
      try {
        engine.drain().get(DRAIN_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the rules ran", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            "the rules did not finish within " + DRAIN_SECONDS + " s", e);
      }
    }

    private Object fact(JsonNode node) {
      String type = text(node, "type");
      try {
        Class<?> cls = Class.forName(type, true, ScenarioRunner.class.getClassLoader());
        return json.treeToValue(node.path("value"), cls);
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException("no fact class " + type);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "value is not a " + type + ": " + e.getOriginalMessage());
      }
    }
  }

  private static Iterable<JsonNode> array(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(field + " must be an array");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isValueNode() || value.asText().isBlank()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return value.asText();
  }

  private static String thing(JsonNode node) {
    String thing = text(node, "thing");
    DeviceId.ofThingId(thing);
    return thing;
  }

  private static DeviceId device(JsonNode node) {
    return DeviceId.ofThingId(thing(node));
  }

  private static Object value(JsonNode node) {
    JsonNode value = node.path("value");
    if (value.isNumber()) {
      return value.numberValue();
    } else if (value.isBoolean()) {
      return value.booleanValue();
    } else if (value.isTextual()) {
      return value.textValue();
    }
    throw new IllegalArgumentException("\"value\" must be a number, string or boolean");
  }

  private static double number(Map.Entry<String, JsonNode> field) {
    if (!field.getValue().isNumber()) {
      throw new IllegalArgumentException(field.getKey() + " must be a number");
    }
    return field.getValue().asDouble();
  }

  private static Duration duration(JsonNode node, Duration fallback) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return fallback;
    }
    if (node.isNumber()) {
      return Duration.ofMillis(Math.round(node.asDouble() * 1000));
    }
    try {
      return Duration.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "not a duration (ISO-8601 like PT30S, or seconds): " + node.asText());
    }
  }
}
