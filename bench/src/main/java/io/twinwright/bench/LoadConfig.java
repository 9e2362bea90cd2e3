package io.twinwright.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything one {@code mqtt-load} run needs. The defaults live in {@link #DEFAULTS} and nowhere
 * else: the command line initialises its options from it.
 *
 * @param mqttHost host of the platform's MQTT adapter
 * @param mqttPort port of the platform's MQTT adapter
 * @param apiUrl base URL of the platform's HTTP API (management API, twin SSE, health)
 * @param tenant tenant the bench devices are provisioned in
 * @param devicePrefix device ids are this prefix followed by a zero-padded index
 * @param devices number of simulated devices, each with its own MQTT connection
 * @param rate total publish rate over all devices, messages per second
 * @param duration how long the measured phase publishes
 * @param warmup how long the generator publishes at full rate before it starts measuring
 * @param qos MQTT QoS of each publish (0 or 1)
 * @param channel telemetry or event
 * @param connectRate connections opened per second while ramping up
 * @param sample how many devices have their twin updates tracked over SSE for latency
 * @param provision whether to create the devices and their credentials first
 * @param password the password every bench device is provisioned with
 * @param provisionConcurrency most management API requests in flight at once
 * @param drain most time to wait after the last publish for outstanding acks and twin updates
 * @param reportInterval how often a progress line is printed
 * @param jsonOut where to write the summary as JSON, if anywhere
 * @param serverPid the platform's process id when it runs on this machine: the run then asks that
 *     JVM for a full GC (with {@code jcmd}) before and after connecting, to report its heap per
 *     connection
 * @param apiUser the API user the run authenticates as (HTTP Basic), with {@code apiPassword};
 *     empty when the platform's API is open
 * @param apiPassword the password of {@code apiUser}
 */
public record LoadConfig(
    String mqttHost,
    int mqttPort,
    URI apiUrl,
    String tenant,
    String devicePrefix,
    int devices,
    double rate,
    Duration duration,
    Duration warmup,
    int qos,
    PublishChannel channel,
    double connectRate,
    int sample,
    boolean provision,
    String password,
    int provisionConcurrency,
    Duration drain,
    Duration reportInterval,
    Optional<Path> jsonOut,
    Optional<Long> serverPid,
    Optional<String> apiUser,
    Optional<String> apiPassword) {

  /** Ids end up in URL paths, MQTT usernames and the SSE query, so they stay in a safe alphabet. */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");

  /** Most devices one generator process simulates; beyond that run several generators. */
  public static final int MAX_DEVICES = 1_000_000;

  public static final LoadConfig DEFAULTS =
      new LoadConfig(
          "localhost",
          1883,
          URI.create("http://localhost:8080"),
          "bench",
          "bench-",
          100,
          1_000,
          Duration.ofSeconds(30),
          Duration.ofSeconds(5),
          0,
          PublishChannel.TELEMETRY,
          500,
          200,
          true,
          "bench-secret",
          32,
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  /** The {@code Authorization} header of the API user, if one is configured. */
  public Optional<String> apiAuthorization() {
    return apiUser.map(
        u ->
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(
                        (u + ":" + apiPassword.orElseThrow())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  public LoadConfig {
    requireText(mqttHost, "mqttHost");
    requireRange(mqttPort, 1, 65_535, "mqttPort");
    Objects.requireNonNull(apiUrl, "apiUrl");
    if (!("http".equals(apiUrl.getScheme()) || "https".equals(apiUrl.getScheme()))
        || apiUrl.getHost() == null) {
      throw new IllegalArgumentException("apiUrl must be an http(s) URL with a host: " + apiUrl);
    }
    requireSafe(tenant, "tenant");
    requireSafe(devicePrefix, "devicePrefix");
    requireRange(devices, 1, MAX_DEVICES, "devices");
    requirePositive(rate, "rate");
    requirePositive(duration, "duration");
    Objects.requireNonNull(warmup, "warmup");
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must not be negative");
    }
    requireRange(qos, 0, 1, "qos");
    Objects.requireNonNull(channel, "channel");
    if (channel == PublishChannel.EVENT && qos != 1) {
      throw new IllegalArgumentException("events are published with QoS 1 (Hono convention)");
    }
    requirePositive(connectRate, "connectRate");
    requireRange(sample, 0, MAX_DEVICES, "sample");
    requireText(password, "password");
    requireRange(provisionConcurrency, 1, 10_000, "provisionConcurrency");
    Objects.requireNonNull(drain, "drain");
    if (drain.isNegative()) {
      throw new IllegalArgumentException("drain must not be negative");
    }
    requirePositive(reportInterval, "reportInterval");
    Objects.requireNonNull(jsonOut, "jsonOut");
    Objects.requireNonNull(serverPid, "serverPid");
    Objects.requireNonNull(apiUser, "apiUser");
    Objects.requireNonNull(apiPassword, "apiPassword");
    if (apiUser.isPresent() != apiPassword.isPresent()) {
      throw new IllegalArgumentException("apiUser and apiPassword go together");
    }
    serverPid.ifPresent(
        pid -> {
          if (pid < 1) {
            throw new IllegalArgumentException("serverPid must be positive: " + pid);
          }
        });
  }

  /** Devices actually tracked over SSE: the sample never exceeds the fleet. */
  public int sampledDevices() {
    return Math.min(sample, devices);
  }

  /** The id of the device with this index, zero-padded so ids sort in index order. */
  public String deviceId(int index) {
    if (index < 0 || index >= devices) {
      throw new IllegalArgumentException("device index out of range: " + index);
    }
    int width = Math.max(4, Integer.toString(devices - 1).length());
    String digits = Integer.toString(index);
    return devicePrefix + "0".repeat(width - digits.length()) + digits;
  }

  /** The platform's thing id of a device: {@code tenant:deviceId}. */
  public String thingId(String deviceId) {
    return tenant + ":" + deviceId;
  }

  /** The MQTT username of a device, Hono style: {@code auth-id@tenant} with auth-id = device id. */
  public String mqttUsername(String deviceId) {
    return deviceId + "@" + tenant;
  }

  /** The whole run, warmup included: publishing stops by itself after this. */
  public Duration publishWindow() {
    return warmup.plus(duration);
  }

  private static void requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void requireSafe(String value, String name) {
    Objects.requireNonNull(value, name);
    if (!SAFE_ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          name + " may contain only letters, digits, '.', '_' and '-': " + value);
    }
  }

  private static void requireRange(int value, int min, int max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ": " + value);
    }
  }

  private static void requirePositive(double value, String name) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a positive number: " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
