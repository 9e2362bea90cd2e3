package io.twinwright.platform.campaigns;

import io.twinwright.twin.InvalidQueryException;
import io.twinwright.twin.search.RqlFilter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an operator asks of a campaign. Read from (and written back to) the JSON of {@code POST
 * /api/2/campaigns}; every field but {@code artifact} and {@code filter} has a default.
 *
 * @param id the campaign's id
 * @param name a label for people
 * @param artifact the id of the artifact to install
 * @param filter the RQL filter that selects the target twins, at start and for late joiners
 * @param namespaces restrict the selection to these namespaces (tenants); empty for all
 * @param waves the waves, in order (at least one; the last takes every device left)
 * @param thresholds per wave, in the order of {@code waves}
 * @param deviceTimeout how long a device may stay silent while updating
 * @param rateLimit commands issued per second, at most
 * @param windows maintenance windows; empty means always open
 * @param minBatteryPercent precondition: battery at least this (or on mains); 0 for none
 * @param requireOnline precondition: only devices connected now
 * @param skipQuarantined precondition: never quarantined devices
 * @param abortOnErrors abort (true) or pause (false) a wave that crosses its error threshold
 * @param rollbackOnAbort roll updated devices back when the campaign is aborted
 * @param expiry how long after the start the campaign's commands stay deliverable
 */
public record CampaignSpec(
    String id,
    String name,
    String artifact,
    String filter,
    Set<String> namespaces,
    List<WaveSpec> waves,
    List<Thresholds> thresholds,
    Duration deviceTimeout,
    double rateLimit,
    List<MaintenanceWindow> windows,
    double minBatteryPercent,
    boolean requireOnline,
    boolean skipQuarantined,
    boolean abortOnErrors,
    boolean rollbackOnAbort,
    Duration expiry) {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /**
   * A wave's thresholds.
   *
   * @param successPercent advance once at least this share of the wave succeeded
   * @param errorPercent stop once more than this share of the finished devices failed
   * @param minExecuted the error threshold counts once this many devices finished
   */
  public record Thresholds(double successPercent, double errorPercent, int minExecuted) {
    public Thresholds {
      if (!(successPercent >= 0 && successPercent <= 100)) {
        throw new IllegalArgumentException("successThreshold must be 0..100: " + successPercent);
      }
      if (!(errorPercent >= 0 && errorPercent <= 100)) {
        throw new IllegalArgumentException("errorThreshold must be 0..100: " + errorPercent);
      }
      if (minExecuted < 1) {
        throw new IllegalArgumentException("minExecuted must be at least 1: " + minExecuted);
      }
    }
  }

  public CampaignSpec {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "campaign id must be 1-128 letters, digits, '.', '_', ':' or '-': " + id);
    }
    Objects.requireNonNull(name, "name");
    if (artifact == null || artifact.isBlank()) {
      throw new IllegalArgumentException("artifact is required");
    }
    Objects.requireNonNull(filter, "filter");
    namespaces = Set.copyOf(namespaces);
    waves = List.copyOf(waves);
    thresholds = List.copyOf(thresholds);
    if (waves.isEmpty() || waves.size() > 100) {
      throw new IllegalArgumentException("a campaign needs 1 to 100 waves");
    }
    if (thresholds.size() != waves.size()) {
      throw new IllegalArgumentException("one set of thresholds per wave");
    }
    if (deviceTimeout.isNegative() || deviceTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("deviceTimeout must be at least one second");
    }
    if (!(rateLimit > 0 && rateLimit <= 1_000_000)) {
      throw new IllegalArgumentException(
          "rateLimit must be above 0 and at most 1000000 per second");
    }
    windows = List.copyOf(windows);
    if (!(minBatteryPercent >= 0 && minBatteryPercent <= 100)) {
      throw new IllegalArgumentException("minBattery must be 0..100: " + minBatteryPercent);
    }
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException("expiry must be positive");
    }
  }

  /** The compiled target filter. */
  public RqlFilter rql() {
    return RqlFilter.parse(filter);
  }

  /**
   * Reads a specification, filling in defaults.
   *
   * @param generatedId the id to use when the JSON names none
   * @throws IllegalArgumentException naming the first invalid field
   */
  public static CampaignSpec fromJson(JsonObject json, String generatedId) {
    try {
      String id = string(json, "id", generatedId);
      String filter = string(json, "filter", null);
      if (filter == null) {
        throw new IllegalArgumentException(
            "filter (an RQL expression selecting the devices) is required");
      }
      try {
        RqlFilter.parse(filter);
      } catch (InvalidQueryException e) {
        throw new IllegalArgumentException("filter: " + e.getMessage());
      }
      double success = number(json, "successThreshold", 95);
      double error = number(json, "errorThreshold", 10);
      int minExecuted = (int) number(json, "minExecuted", 1);
      List<WaveSpec> waves = new ArrayList<>();
      List<Thresholds> thresholds = new ArrayList<>();
      JsonArray waveJson =
          array(
              json,
              "waves",
              new JsonArray()
                  .add(new JsonObject().put("percent", 1))
                  .add(new JsonObject().put("percent", 10))
                  .add(new JsonObject().put("rest", true)));
      for (int i = 0; i < waveJson.size(); i++) {
        if (!(waveJson.getValue(i) instanceof JsonObject w)) {
          throw new IllegalArgumentException("waves[" + i + "] must be an object");
        }
        waves.add(wave(w, i));
        thresholds.add(
            new Thresholds(
                number(w, "successThreshold", success),
                number(w, "errorThreshold", error),
                (int) number(w, "minExecuted", minExecuted)));
      }
      List<MaintenanceWindow> windows = new ArrayList<>();
      JsonArray windowJson = array(json, "maintenanceWindows", new JsonArray());
      for (int i = 0; i < windowJson.size(); i++) {
        if (!(windowJson.getValue(i) instanceof JsonObject w)) {
          throw new IllegalArgumentException("maintenanceWindows[" + i + "] must be an object");
        }
        String cron = string(w, "cron", null);
        if (cron == null) {
          throw new IllegalArgumentException("maintenanceWindows[" + i + "].cron is required");
        }
        windows.add(
            new MaintenanceWindow(
                cron,
                duration(w, "duration", null),
                MaintenanceWindow.zone(string(w, "zone", "UTC"))));
      }
      JsonObject pre = object(json, "preconditions");
      String onErrors = string(json, "onErrors", "abort").toLowerCase(Locale.ROOT);
      if (!onErrors.equals("abort") && !onErrors.equals("pause")) {
        throw new IllegalArgumentException("onErrors must be abort or pause: " + onErrors);
      }
      Set<String> namespaces = new java.util.TreeSet<>();
      for (Object ns : array(json, "namespaces", new JsonArray())) {
        if (!(ns instanceof String s)) {
          throw new IllegalArgumentException("namespaces must be strings");
        }
        namespaces.add(s);
      }
      return new CampaignSpec(
          id,
          string(json, "name", id),
          string(json, "artifact", ""),
          filter,
          namespaces,
          waves,
          thresholds,
          duration(json, "deviceTimeout", Duration.ofMinutes(30)),
          number(json, "rateLimit", 50),
          windows,
          number(pre, "minBattery", 0),
          bool(pre, "online", false),
          bool(pre, "notQuarantined", true),
          onErrors.equals("abort"),
          bool(json, "rollback", true),
          duration(json, "expiry", Duration.ofDays(7)));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("a field has the wrong type: " + e.getMessage());
    }
  }

  /** The specification as JSON, every default spelled out; {@link #fromJson} reads it back. */
  public JsonObject toJson() {
    JsonArray w = new JsonArray();
    for (int i = 0; i < waves.size(); i++) {
      WaveSpec wave = waves.get(i);
      Thresholds t = thresholds.get(i);
      JsonObject j =
          switch (wave.kind()) {
            case PERCENT -> new JsonObject().put("percent", wave.amount());
            case COUNT -> new JsonObject().put("count", (long) wave.amount());
            case REST -> new JsonObject().put("rest", true);
          };
      w.add(
          j.put("successThreshold", t.successPercent())
              .put("errorThreshold", t.errorPercent())
              .put("minExecuted", t.minExecuted()));
    }
    JsonArray mw = new JsonArray();
    windows.forEach(
        m ->
            mw.add(
                new JsonObject()
                    .put("cron", m.cron())
                    .put("duration", m.duration().toString())
                    .put("zone", m.zone().getId())));
    return new JsonObject()
        .put("id", id)
        .put("name", name)
        .put("artifact", artifact)
        .put("filter", filter)
        .put("namespaces", new JsonArray(new ArrayList<>(namespaces)))
        .put("waves", w)
        .put("deviceTimeout", deviceTimeout.toString())
        .put("rateLimit", rateLimit)
        .put("maintenanceWindows", mw)
        .put(
            "preconditions",
            new JsonObject()
                .put("minBattery", minBatteryPercent)
                .put("online", requireOnline)
                .put("notQuarantined", skipQuarantined))
        .put("onErrors", abortOnErrors ? "abort" : "pause")
        .put("rollback", rollbackOnAbort)
        .put("expiry", expiry.toString());
  }

  private static WaveSpec wave(JsonObject w, int i) {
    boolean rest = bool(w, "rest", false);
    boolean hasPercent = w.containsKey("percent");
    boolean hasCount = w.containsKey("count");
    if ((rest ? 1 : 0) + (hasPercent ? 1 : 0) + (hasCount ? 1 : 0) != 1) {
      throw new IllegalArgumentException(
          "waves[" + i + "] needs exactly one of percent, count or rest");
    }
    try {
      if (rest) {
        return new WaveSpec(WaveSpec.Kind.REST, 0);
      }
      return hasPercent
          ? new WaveSpec(WaveSpec.Kind.PERCENT, number(w, "percent", 0))
          : new WaveSpec(WaveSpec.Kind.COUNT, number(w, "count", 0));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("waves[" + i + "]: " + e.getMessage());
    }
  }

  private static String string(JsonObject json, String key, String fallback) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException(key + " must be a string");
    }
    return s;
  }

  private static double number(JsonObject json, String key, double fallback) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(key + " must be a number");
    }
    return n.doubleValue();
  }

  private static boolean bool(JsonObject json, String key, boolean fallback) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException(key + " must be true or false");
    }
    return b;
  }

  private static JsonArray array(JsonObject json, String key, JsonArray fallback) {
    Object v = json.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof JsonArray a)) {
      throw new IllegalArgumentException(key + " must be an array");
    }
    return a;
  }

  private static JsonObject object(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return new JsonObject();
    }
    if (!(v instanceof JsonObject o)) {
      throw new IllegalArgumentException(key + " must be an object");
    }
    return o;
  }

  private static Duration duration(JsonObject json, String key, Duration fallback) {
    String text = string(json, key, null);
    if (text == null) {
      if (fallback == null) {
        throw new IllegalArgumentException(key + " is required (an ISO-8601 duration, e.g. PT2H)");
      }
      return fallback;
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          key + " must be an ISO-8601 duration such as PT30M: " + text);
    }
  }
}
