package io.twinwright.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code http-load} or {@code coap-load} run: a fixed number of telemetry requests in flight
 * over a fleet of devices for a duration. Defaults per protocol live in {@link #defaults}.
 *
 * @param protocol HTTP or CoAP (DTLS-PSK)
 * @param host host of the device adapter
 * @param port port of the device adapter (HTTP adapter, or the coaps port)
 * @param apiUrl base URL of the platform's management API
 * @param tenant tenant of the bench devices
 * @param devicePrefix device ids are this prefix followed by a zero-padded index
 * @param devices simulated devices (CoAP: one DTLS session each)
 * @param inFlight requests outstanding at any time over all devices
 * @param duration measured sending time
 * @param warmup sending time before measuring (connections, DTLS handshakes)
 * @param qos1 HTTP only: send the {@code qos-level: 1} header (at-least-once)
 * @param provision whether to create the devices and their credentials first
 * @param password device password (HTTP), or seed of the per-device PSK (CoAP)
 * @param provisionConcurrency most management API requests in flight
 * @param apiUser the API user (HTTP Basic) for the management API, with {@code apiPassword}
 * @param apiPassword the password of {@code apiUser}
 */
public record ProtoLoadConfig(
    Protocol protocol,
    String host,
    int port,
    URI apiUrl,
    String tenant,
    String devicePrefix,
    int devices,
    int inFlight,
    Duration duration,
    Duration warmup,
    boolean qos1,
    boolean provision,
    String password,
    int provisionConcurrency,
    Optional<String> apiUser,
    Optional<String> apiPassword) {

  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]+");

  /** The device protocols measured, with their default port and fleet. */
  public enum Protocol {
    HTTP(8081, 200, 64),
    COAP(5684, 20, 20);

    private final int defaultPort;
    private final int defaultDevices;
    private final int defaultInFlight;

    Protocol(int defaultPort, int defaultDevices, int defaultInFlight) {
      this.defaultPort = defaultPort;
      this.defaultDevices = defaultDevices;
      this.defaultInFlight = defaultInFlight;
    }
  }

  /** The defaults of a protocol's command: the command line initialises its options from them. */
  public static ProtoLoadConfig defaults(Protocol protocol) {
    return new ProtoLoadConfig(
        protocol,
        "localhost",
        protocol.defaultPort,
        URI.create("http://localhost:8080"),
        "bench",
        protocol == Protocol.HTTP ? "bench-http-" : "bench-coap-",
        protocol.defaultDevices,
        protocol.defaultInFlight,
        Duration.ofSeconds(30),
        Duration.ofSeconds(3),
        false,
        true,
        "bench-secret",
        16,
        Optional.empty(),
        Optional.empty());
  }

  public ProtoLoadConfig {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    requireRange(port, 1, 65_535, "port");
    Objects.requireNonNull(apiUrl, "apiUrl");
    if (!("http".equals(apiUrl.getScheme()) || "https".equals(apiUrl.getScheme()))
        || apiUrl.getHost() == null) {
      throw new IllegalArgumentException("apiUrl must be an http(s) URL with a host: " + apiUrl);
    }
    requireSafe(tenant, "tenant");
    requireSafe(devicePrefix, "devicePrefix");
    // a DTLS session per device is a socket and handshake state per device in this process
    requireRange(devices, 1, protocol == Protocol.COAP ? 1_000 : 100_000, "devices");
    requireRange(inFlight, 1, 10_000, "inFlight");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    Objects.requireNonNull(warmup, "warmup");
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warmup must not be negative");
    }
    if (qos1 && protocol != Protocol.HTTP) {
      throw new IllegalArgumentException(
          "qos1 is the HTTP adapter's qos-level header; CoAP requests are always confirmable");
    }
    Objects.requireNonNull(password, "password");
    if (password.isBlank()) {
      throw new IllegalArgumentException("password must not be blank");
    }
    requireRange(provisionConcurrency, 1, 10_000, "provisionConcurrency");
    Objects.requireNonNull(apiUser, "apiUser");
    Objects.requireNonNull(apiPassword, "apiPassword");
    if (apiUser.isPresent() != apiPassword.isPresent()) {
      throw new IllegalArgumentException("apiUser and apiPassword go together");
    }
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

  /** Hono's device login: {@code auth-id@tenant}, auth-id = device id (HTTP user, PSK identity). */
  public String login(String deviceId) {
    return deviceId + "@" + tenant;
  }

  /** The HTTP adapter's Basic {@code Authorization} header of a device. */
  public String deviceAuthorization(String deviceId) {
    return basic(login(deviceId), password);
  }

  /**
   * The 16-byte PSK of a device, derived from the password and the device id so a run with {@code
   * --no-provision} finds the keys an earlier run registered.
   */
  public byte[] pskOf(String deviceId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((password + "/" + tenant + "/" + deviceId).getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(digest, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The management API's {@code Authorization} header, if an API user is configured. */
  public Optional<String> apiAuthorization() {
    return apiUser.map(u -> basic(u, apiPassword.orElseThrow()));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
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
}
