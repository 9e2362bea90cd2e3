package io.twinwright.adapters;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

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
 * @param mqttTlsPort MQTT over TLS port, used only with a certificate; 0 picks a random free port
 * @param tlsCert PEM file with the endpoints' certificate (chain); empty = no TLS endpoint
 * @param tlsKey PEM file with the certificate's private key; set exactly when {@code tlsCert} is
 */
public record AdapterConfig(
    String host,
    int mqttPort,
    int httpPort,
    int maxPayloadBytes,
    int connectTimeoutSeconds,
    int passwordHashIterations,
    int registryWorkers,
    int mqttTlsPort,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_MQTT_PORT = 1883;
  public static final int DEFAULT_MQTT_TLS_PORT = 8883;
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
    checkPort("mqttTlsPort", mqttTlsPort);
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    if (tlsCert.isPresent() != tlsKey.isPresent()) {
      throw new IllegalArgumentException("tlsCert and tlsKey must be given together");
    }
  }

  /** Without TLS. */
  public AdapterConfig(
      String host,
      int mqttPort,
      int httpPort,
      int maxPayloadBytes,
      int connectTimeoutSeconds,
      int passwordHashIterations,
      int registryWorkers) {
    this(
        host,
        mqttPort,
        httpPort,
        maxPayloadBytes,
        connectTimeoutSeconds,
        passwordHashIterations,
        registryWorkers,
        DEFAULT_MQTT_TLS_PORT,
        Optional.empty(),
        Optional.empty());
  }

  /** True when the endpoints also listen with TLS. */
  public boolean tls() {
    return tlsCert.isPresent();
  }

  /** A copy with a TLS endpoint on the given port, using the PEM certificate and key. */
  public AdapterConfig withTls(int mqttTlsPort, Path cert, Path key) {
    return new AdapterConfig(
        host,
        mqttPort,
        httpPort,
        maxPayloadBytes,
        connectTimeoutSeconds,
        passwordHashIterations,
        registryWorkers,
        mqttTlsPort,
        Optional.of(cert),
        Optional.of(key));
  }

  public static AdapterConfig defaults() {
    return new AdapterConfig(
        DEFAULT_HOST,
        DEFAULT_MQTT_PORT,
        DEFAULT_HTTP_PORT,
        DEFAULT_MAX_PAYLOAD_BYTES,
        DEFAULT_CONNECT_TIMEOUT_SECONDS,
        DEFAULT_PASSWORD_HASH_ITERATIONS,
        DEFAULT_REGISTRY_WORKERS);
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
        mqttTlsPort,
        tlsCert,
        tlsKey);
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
        mqttTlsPort,
        tlsCert,
        tlsKey);
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
        mqttTlsPort,
        tlsCert,
        tlsKey);
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be 0..65535: " + port);
    }
  }
}
