package io.twinwright.platform;

import io.twinwright.platform.config.ConfigKey;
import io.twinwright.platform.config.PlatformConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Starts real platforms on random loopback ports and talks to them over plain HTTP. */
final class Fixtures {
  /**
   * {@code twinwright serve} in a child JVM on this test's class path, every port chosen by the
   * system, with the admin users of {@link #adminUsersFile()}: for tests that kill the platform.
   */
  static ProcessBuilder childPlatform(Path dataDir) throws java.io.IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.twinwright.platform.cli.Main",
                "serve",
                "--host",
                "127.0.0.1",
                "--data-dir",
                dataDir.toString(),
                "--mqtt-port",
                "0",
                "--http-port",
                "0",
                "--coap-port",
                "0",
                "--coaps-port",
                "0",
                "--api-port",
                "0")
            .redirectErrorStream(true);
    builder.environment().put("TWINWRIGHT_API_USERS", adminUsersFile().toString());
    return builder;
  }

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Fixtures() {}

  static PlatformConfig config(Path dataDir, Map<ConfigKey, String> extra) {
    Map<ConfigKey, String> o = new EnumMap<>(ConfigKey.class);
    o.put(ConfigKey.HOST, "127.0.0.1");
    o.put(ConfigKey.DATA_DIR, dataDir.toString());
    o.put(ConfigKey.MQTT_PORT, "0");
    o.put(ConfigKey.HTTP_PORT, "0");
    o.put(ConfigKey.COAP_PORT, "0");
    o.put(ConfigKey.COAPS_PORT, "0");
    o.put(ConfigKey.API_PORT, "0");
    o.put(ConfigKey.RULES_TICK, "PT0.2S");
    o.put(ConfigKey.API_USERS, adminUsersFile().toString());
    o.putAll(extra);
    return PlatformConfig.resolve(Optional.empty(), Map.of(), o);
  }

  /** The API administrator the platform tests act as. */
  static final String ADMIN = "admin";

  static final String ADMIN_PASSWORD = "test-admin-password";

  /** The {@code Authorization} header of the test administrator. */
  static final String ADMIN_AUTH =
      "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(
                  (ADMIN + ":" + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));

  private static Path usersFile;

  /** A users file with the administrator, written once per test run. */
  static synchronized Path adminUsersFile() {
    if (usersFile == null) {
      try {
        usersFile = java.nio.file.Files.createTempFile("twinwright-api-users", ".txt");
        usersFile.toFile().deleteOnExit();
        java.nio.file.Files.writeString(
            usersFile,
            io.twinwright.api.ApiSecurity.hashLine(ADMIN, ADMIN_PASSWORD, "*", true) + "\n");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return usersFile;
  }

  static HttpResponse<String> http(Platform p, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.ports().api() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", ADMIN_AUTH)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Gives a registered device a password, as an operator would. */
  static void provisionCredentials(Platform p, String tenant, String device, String password)
      throws Exception {
    var creds =
        http(
            p,
            "PUT",
            "/v1/credentials/" + tenant + "/" + device,
            "[{\"type\":\"hashed-password\",\"auth-id\":\""
                + device
                + "\",\"secrets\":[{\"pwd-plain\":\""
                + password
                + "\"}]}]");
    if (creds.statusCode() != 204) {
      throw new AssertionError("set credentials: " + creds.statusCode() + " " + creds.body());
    }
  }

  /** Registers a device with a vendor profile and a password, as an operator would. */
  static void provision(Platform p, String tenant, String device, String profile, String password)
      throws Exception {
    var created =
        http(
            p,
            "POST",
            "/v1/devices/" + tenant + "/" + device,
            "{\"enabled\":true,\"ext\":{\"profile\":\""
                + profile
                + "\",\"model\":\"io.twinwright:environment-sensor:1.0.0\"}}");
    if (created.statusCode() != 201) {
      throw new AssertionError("create device: " + created.statusCode() + " " + created.body());
    }
    var creds =
        http(
            p,
            "PUT",
            "/v1/credentials/" + tenant + "/" + device,
            "[{\"type\":\"hashed-password\",\"auth-id\":\""
                + device
                + "\",\"secrets\":[{\"pwd-plain\":\""
                + password
                + "\"}]}]");
    if (creds.statusCode() != 204) {
      throw new AssertionError("set credentials: " + creds.statusCode() + " " + creds.body());
    }
  }
}
