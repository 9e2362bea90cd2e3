package io.twinwright.adapters;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of the device adapters and the device registry. Defaults are declared here once;
 * the platform loads and overrides them.
 *
 * @param host the address the endpoints bind to
 * @param mqttPort MQTT port; 0 picks a random free port
 * @param httpPort device HTTP port; 0 picks a random free port
 * @param maxPayloadBytes the largest payload a device may publish in one message
 * @param connectTimeoutSeconds how long an MQTT client may take to send CONNECT after opening
 * @param passwordHashIterations PBKDF2 iterations for newly stored password hashes
 * @param registryWorkers threads of the registry's worker pool (MongoDB calls, password hashing)
 * @param commandTtl how long a command waits in the outbox for its device before it is dropped
 * @param maxTtd the longest an HTTP request may wait for a command ({@code hono-ttd}); larger
 *     requested values are capped to it
 */
public record AdapterConfig(
    String host,
    int mqttPort,
    int httpPort,
    int maxPayloadBytes,
    int connectTimeoutSeconds,
    int passwordHashIterations,
    int registryWorkers,
    Duration commandTtl,
    Duration maxTtd) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_MQTT_PORT = 1883;
  public static final int DEFAULT_HTTP_PORT = 8081;
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 64 * 1024;
  public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

  /**
   * Deliberately far below the hundreds of thousands recommended for interactive logins: after a
   * restart every device of a fleet reconnects at once, and 10,000 devices must be verified on two
   * cores in well under a minute. Repeated logins with the same password are answered from memory
   * (see the registry), so the cost is paid once per device and process.
   */
  public static final int DEFAULT_PASSWORD_HASH_ITERATIONS = 10_000;

  public static final int DEFAULT_REGISTRY_WORKERS = 4;
  public static final Duration DEFAULT_COMMAND_TTL = Duration.ofHours(24);
  public static final Duration DEFAULT_MAX_TTD = Duration.ofSeconds(60);

  /** Below this PBKDF2 gives no meaningful protection; also the floor for hashes we accept. */
  public static final int MIN_PASSWORD_HASH_ITERATIONS = 1_000;

  public AdapterConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    checkPort("mqttPort", mqttPort);
    checkPort("httpPort", httpPort);
    if (maxPayloadBytes < 1) {
      throw new IllegalArgumentException("maxPayloadBytes must be positive: " + maxPayloadBytes);
    }
    if (connectTimeoutSeconds < 1) {
      throw new IllegalArgumentException(
          "connectTimeoutSeconds must be positive: " + connectTimeoutSeconds);
    }
    if (passwordHashIterations < MIN_PASSWORD_HASH_ITERATIONS) {
      throw new IllegalArgumentException(
          "passwordHashIterations must be at least "
              + MIN_PASSWORD_HASH_ITERATIONS
              + ": "
              + passwordHashIterations);
    }
    if (registryWorkers < 1) {
      throw new IllegalArgumentException("registryWorkers must be positive: " + registryWorkers);
    }
    Objects.requireNonNull(commandTtl, "commandTtl");
    Objects.requireNonNull(maxTtd, "maxTtd");
    if (commandTtl.isNegative() || commandTtl.isZero()) {
      throw new IllegalArgumentException("commandTtl must be positive: " + commandTtl);
    }
    if (maxTtd.isNegative() || maxTtd.toMillis() < 1000) {
      throw new IllegalArgumentException("maxTtd must be at least one second: " + maxTtd);
    }
  }

  public static AdapterConfig defaults() {
    return new AdapterConfig(
        DEFAULT_HOST,
        DEFAULT_MQTT_PORT,
        DEFAULT_HTTP_PORT,
        DEFAULT_MAX_PAYLOAD_BYTES,
        DEFAULT_CONNECT_TIMEOUT_SECONDS,
        DEFAULT_PASSWORD_HASH_ITERATIONS,
        DEFAULT_REGISTRY_WORKERS,
        DEFAULT_COMMAND_TTL,
        DEFAULT_MAX_TTD);
  }

  public AdapterConfig withHost(String host) {
    return new AdapterConfig(
        host,
        mqttPort,
        httpPort,
        maxPayloadBytes,
        connectTimeoutSeconds,
        passwordHashIterations,
        registryWorkers,
        commandTtl,
        maxTtd);
  }

  public AdapterConfig withPorts(int mqttPort, int httpPort) {
    return new AdapterConfig(
        host,
        mqttPort,
        httpPort,
        maxPayloadBytes,
        connectTimeoutSeconds,
        passwordHashIterations,
        registryWorkers,
        commandTtl,
        maxTtd);
  }

  public AdapterConfig withMaxPayloadBytes(int maxPayloadBytes) {
    return new AdapterConfig(
        host,
        mqttPort,
        httpPort,
        maxPayloadBytes,
        connectTimeoutSeconds,
        passwordHashIterations,
        registryWorkers,
        commandTtl,
        maxTtd);
  }

  public AdapterConfig withPasswordHashIterations(int passwordHashIterations) {
    return new AdapterConfig(
        host,
        mqttPort,
        httpPort,
        maxPayloadBytes,
        connectTimeoutSeconds,
        passwordHashIterations,
        registryWorkers,
        commandTtl,
        maxTtd);
  }

  public AdapterConfig withCommands(Duration commandTtl, Duration maxTtd) {
    return new AdapterConfig(
        host,
        mqttPort,
        httpPort,
        maxPayloadBytes,
        connectTimeoutSeconds,
        passwordHashIterations,
        registryWorkers,
        commandTtl,
        maxTtd);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be 0..65535: " + port);
    }
  }
}
