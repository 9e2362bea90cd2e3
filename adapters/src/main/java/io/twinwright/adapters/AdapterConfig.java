package io.twinwright.adapters;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param coapPort plain CoAP (UDP) port; 0 picks a random free port
 * @param coapsPort CoAP over DTLS port; 0 picks a random free port
 * @param coapAllowUnauthenticated whether plain CoAP accepts Hono's unauthenticated {@code PUT
 *     /telemetry/<tenant>/<device>}; off, plain CoAP refuses every upload with 4.01
 * @param mqttTlsPort MQTT over TLS port, used only with a certificate; 0 picks a random free port
 * @param tlsCert PEM file with the endpoints' certificate (chain); empty = no TLS endpoint
 * @param tlsKey PEM file with the certificate's private key; set exactly when {@code tlsCert} is
 * @param commandTtl how long a command waits in the outbox for its device before it is dropped
 * @param maxTtd the longest an HTTP request may wait for a command ({@code hono-ttd}); larger
 *     requested values are capped to it
 * @param limits message rates, connections and login attempts a device or tenant may use
 */
public record AdapterConfig(
    String host,
    int mqttPort,
    int httpPort,
    int maxPayloadBytes,
    int connectTimeoutSeconds,
    int passwordHashIterations,
    int registryWorkers,
    int coapPort,
    int coapsPort,
    boolean coapAllowUnauthenticated,
    int mqttTlsPort,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    Duration commandTtl,
    Duration maxTtd,
    Limits limits) {

  /**
   * What devices may use of the adapters. Rates are token buckets whose burst is one second's worth
   * of tokens.
   *
   * @param deviceRate messages per second one device may send (gateway messages count for the
   *     device they are sent for)
   * @param tenantRate messages per second all devices of a tenant together may send
   * @param tenantMaxConnections MQTT connections a tenant may hold at once
   * @param maxAuthFailures failed logins of one auth-id within {@code authFailureWindow} after
   *     which further logins of it are refused without checking the secret; a remote host may fail
   *     ten times as often (devices behind one NAT share it)
   * @param authFailureWindow how long a failed login counts
   */
  public record Limits(
      int deviceRate,
      int tenantRate,
      int tenantMaxConnections,
      int maxAuthFailures,
      Duration authFailureWindow) {

    public static final int DEFAULT_DEVICE_RATE = 100;
    public static final int DEFAULT_TENANT_RATE = 20_000;
    public static final int DEFAULT_TENANT_MAX_CONNECTIONS = 100_000;
    public static final int DEFAULT_MAX_AUTH_FAILURES = 10;
    public static final Duration DEFAULT_AUTH_FAILURE_WINDOW = Duration.ofSeconds(60);

    /** How many more failures a remote host may have than one auth-id. */
    public static final int HOST_FAILURE_FACTOR = 10;

    public Limits {
      if (deviceRate < 1 || tenantRate < 1 || tenantMaxConnections < 1 || maxAuthFailures < 1) {
        throw new IllegalArgumentException("limits must be positive");
      }
      Objects.requireNonNull(authFailureWindow, "authFailureWindow");
      if (authFailureWindow.toMillis() < 1) {
        throw new IllegalArgumentException(
            "authFailureWindow must be positive: " + authFailureWindow);
      }
    }

    public static Limits defaults() {
      return new Limits(
          DEFAULT_DEVICE_RATE,
          DEFAULT_TENANT_RATE,
          DEFAULT_TENANT_MAX_CONNECTIONS,
          DEFAULT_MAX_AUTH_FAILURES,
          DEFAULT_AUTH_FAILURE_WINDOW);
    }
  }

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_MQTT_PORT = 1883;
  public static final int DEFAULT_MQTT_TLS_PORT = 8883;
  public static final int DEFAULT_HTTP_PORT = 8081;
  public static final int DEFAULT_COAP_PORT = 5683;
  public static final int DEFAULT_COAPS_PORT = 5684;
  public static final boolean DEFAULT_COAP_ALLOW_UNAUTHENTICATED = false;
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
    checkPort("coapPort", coapPort);
    checkPort("coapsPort", coapsPort);
    checkPort("mqttTlsPort", mqttTlsPort);
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
    Objects.requireNonNull(tlsCert, "tlsCert");
    Objects.requireNonNull(tlsKey, "tlsKey");
    if (tlsCert.isPresent() != tlsKey.isPresent()) {
      throw new IllegalArgumentException("tlsCert and tlsKey must be given together");
    }
    Objects.requireNonNull(commandTtl, "commandTtl");
    Objects.requireNonNull(maxTtd, "maxTtd");
    if (commandTtl.isNegative() || commandTtl.isZero()) {
      throw new IllegalArgumentException("commandTtl must be positive: " + commandTtl);
    }
    if (maxTtd.isNegative() || maxTtd.toMillis() < 1000) {
      throw new IllegalArgumentException("maxTtd must be at least one second: " + maxTtd);
    }
    Objects.requireNonNull(limits, "limits");
  }

  /** The core settings; CoAP, TLS and commands get their defaults (TLS off). */
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
        DEFAULT_COMMAND_TTL,
        DEFAULT_MAX_TTD);
  }

  /** The core settings and the command settings; CoAP and TLS get their defaults (TLS off). */
  public AdapterConfig(
      String host,
      int mqttPort,
      int httpPort,
      int maxPayloadBytes,
      int connectTimeoutSeconds,
      int passwordHashIterations,
      int registryWorkers,
      Duration commandTtl,
      Duration maxTtd) {
    this(
        host,
        mqttPort,
        httpPort,
        maxPayloadBytes,
        connectTimeoutSeconds,
        passwordHashIterations,
        registryWorkers,
        DEFAULT_COAP_PORT,
        DEFAULT_COAPS_PORT,
        DEFAULT_COAP_ALLOW_UNAUTHENTICATED,
        DEFAULT_MQTT_TLS_PORT,
        Optional.empty(),
        Optional.empty(),
        commandTtl,
        maxTtd,
        Limits.defaults());
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

  /** True when the endpoints also listen with TLS. */
  public boolean tls() {
    return tlsCert.isPresent();
  }

  public AdapterConfig withHost(String host) {
    return copy(new Copy().host(host));
  }

  public AdapterConfig withPorts(int mqttPort, int httpPort) {
    return copy(new Copy().mqttPort(mqttPort).httpPort(httpPort));
  }

  public AdapterConfig withCoapPorts(int coapPort, int coapsPort) {
    return copy(new Copy().coapPort(coapPort).coapsPort(coapsPort));
  }

  public AdapterConfig withCoapAllowUnauthenticated(boolean allow) {
    return copy(new Copy().coapAllowUnauthenticated(allow));
  }

  public AdapterConfig withMaxPayloadBytes(int maxPayloadBytes) {
    return copy(new Copy().maxPayloadBytes(maxPayloadBytes));
  }

  public AdapterConfig withPasswordHashIterations(int passwordHashIterations) {
    return copy(new Copy().passwordHashIterations(passwordHashIterations));
  }

  public AdapterConfig withCommands(Duration commandTtl, Duration maxTtd) {
    return copy(new Copy().commands(commandTtl, maxTtd));
  }

  public AdapterConfig withLimits(Limits limits) {
    Copy change = new Copy();
    change.limits = Objects.requireNonNull(limits, "limits");
    return copy(change);
  }

  /** A copy with a TLS endpoint on the given port, using the PEM certificate and key. */
  public AdapterConfig withTls(int mqttTlsPort, Path cert, Path key) {
    return copy(new Copy().tls(mqttTlsPort, cert, key));
  }

  private AdapterConfig copy(Copy change) {
    return new AdapterConfig(
        change.host != null ? change.host : host,
        change.mqttPort != null ? change.mqttPort : mqttPort,
        change.httpPort != null ? change.httpPort : httpPort,
        change.maxPayloadBytes != null ? change.maxPayloadBytes : maxPayloadBytes,
        connectTimeoutSeconds,
        change.passwordHashIterations != null
            ? change.passwordHashIterations
            : passwordHashIterations,
        registryWorkers,
        change.coapPort != null ? change.coapPort : coapPort,
        change.coapsPort != null ? change.coapsPort : coapsPort,
        change.coapAllowUnauthenticated != null
            ? change.coapAllowUnauthenticated
            : coapAllowUnauthenticated,
        change.mqttTlsPort != null ? change.mqttTlsPort : mqttTlsPort,
        change.tlsCert != null ? change.tlsCert : tlsCert,
        change.tlsKey != null ? change.tlsKey : tlsKey,
        change.commandTtl != null ? change.commandTtl : commandTtl,
        change.maxTtd != null ? change.maxTtd : maxTtd,
        change.limits != null ? change.limits : limits);
  }

  /** The settings a {@code with…} call changes; null = keep. */
  private static final class Copy {
    String host;
    Integer mqttPort;
    Integer httpPort;
    Integer maxPayloadBytes;
    Integer coapPort;
    Integer coapsPort;
    Boolean coapAllowUnauthenticated;
    Integer mqttTlsPort;
    Optional<Path> tlsCert;
    Optional<Path> tlsKey;
    Integer passwordHashIterations;
    Duration commandTtl;
    Duration maxTtd;
    Limits limits;

    Copy passwordHashIterations(int value) {
      passwordHashIterations = value;
      return this;
    }

    Copy commands(Duration ttl, Duration ttd) {
      commandTtl = ttl;
      maxTtd = ttd;
      return this;
    }

    Copy host(String value) {
      host = value;
      return this;
    }

    Copy mqttPort(int value) {
      mqttPort = value;
      return this;
    }

    Copy httpPort(int value) {
      httpPort = value;
      return this;
    }

    Copy maxPayloadBytes(int value) {
      maxPayloadBytes = value;
      return this;
    }

    Copy coapPort(int value) {
      coapPort = value;
      return this;
    }

    Copy coapsPort(int value) {
      coapsPort = value;
      return this;
    }

    Copy coapAllowUnauthenticated(boolean value) {
      coapAllowUnauthenticated = value;
      return this;
    }

    Copy tls(int port, Path cert, Path key) {
      mqttTlsPort = port;
      tlsCert = Optional.of(cert);
      tlsKey = Optional.of(key);
      return this;
    }
  }

  private static void checkPort(String name, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(name + " must be 0..65535: " + port);
    }
  }
}
