package io.twinwright.platform.config;

/**
 * Every configuration key, with its default and meaning, declared once. The README's configuration
 * table is kept in step with this list by a test.
 */
public enum ConfigKey {
  HOST("host", "0.0.0.0", "address the device adapters and the API bind to"),
  DATA_DIR("data-dir", "data", "directory holding the embedded store (twins, registry, alerts)"),
  CONTENT_DIR(
      "content-dir",
      "",
      "folder with authored content (models/, profiles/, rules/); empty = bundled examples only"),
  MONGO_URI("mongo-uri", "", "MongoDB connection string; empty = embedded store under data-dir"),
  MQTT_PORT("mqtt-port", "1883", "MQTT device adapter port (0 = any free port)"),
  MQTT_INSTANCES(
      "mqtt-instances",
      "0",
      "MQTT adapter instances (event loops) sharing the port; 0 = one per CPU core"),
  MQTT_TLS_PORT(
      "mqtt-tls-port",
      "8883",
      "MQTT over TLS port (0 = any free port); opened only when tls-cert is set"),
  TLS_CERT(
      "tls-cert",
      "",
      "PEM file with the device endpoints' certificate (chain); empty = no TLS endpoint"),
  TLS_KEY("tls-key", "", "PEM file with the private key of tls-cert (PKCS#8, or PKCS#1 for RSA)"),
  HTTP_PORT("http-port", "8081", "HTTP device adapter port (0 = any free port)"),
  COAP_PORT("coap-port", "5683", "plain CoAP (UDP) device adapter port (0 = any free port)"),
  COAPS_PORT("coaps-port", "5684", "CoAP over DTLS (PSK) device adapter port (0 = any free port)"),
  COAP_ALLOW_UNAUTHENTICATED(
      "coap-allow-unauthenticated",
      "false",
      "accept unauthenticated PUT /telemetry/<tenant>/<device> on plain CoAP"),
  API_PORT("api-port", "8080", "Ditto-style HTTP API port (0 = any free port)"),
  API_AUTH(
      "api-auth",
      "required",
      "required = every API call but /health authenticates; none = open API (development only)"),
  API_USERS(
      "api-users",
      "",
      "file of API users, one name:pbkdf2-sha256$iterations$salt$hash:tenant[:operator] per line"),
  API_JWT_SECRET(
      "api-jwt-secret",
      "",
      "HS256 secret (32+ characters) of bearer JWTs with claims sub, tenant, roles; empty = none"),
  MAX_PAYLOAD_BYTES("max-payload-bytes", "65536", "largest device message accepted, in bytes"),
  RULES_PARTITIONS("rules-partitions", "2", "Drools sessions, each on its own thread"),
  RULES_TICK("rules-tick", "PT1S", "how often time-based rules are evaluated (ISO-8601 duration)"),
  MAX_AUTH_FAILURES(
      "max-auth-failures", "5", "failed logins of one device within the window that quarantine it"),
  AUTH_FAILURE_WINDOW(
      "auth-failure-window", "PT60S", "window for counting failed logins (ISO-8601 duration)"),
  SILENCE_FACTOR(
      "silence-factor", "3", "a device is silent after this many expected report intervals"),
  DECIMALS("decimals", "6", "decimal places canonical values are rounded to"),
  SEMANTIC_SYNC_INTERVAL(
      "semantic-sync-interval",
      "PT5S",
      "how often changed twins are written to the semantic graph (ISO-8601 duration)"),
  WEBHOOK_URLS(
      "webhook-urls", "", "comma-separated URLs that receive work orders (signed JSON POSTs)"),
  WEBHOOK_SECRET(
      "webhook-secret", "", "shared secret for the HMAC-SHA256 signature of webhook deliveries"),
  DEFERRED_WRITE_WINDOW(
      "deferred-write-window",
      "PT2S",
      "how long QoS 0 twin changes may wait to be coalesced before they are stored"),
  COMMAND_TTL(
      "command-ttl",
      "PT24H",
      "how long a one-way command waits in the outbox for its device (ISO-8601 duration)"),
  MAX_TTD(
      "max-ttd",
      "PT60S",
      "longest an HTTP device may wait for a command with hono-ttd (ISO-8601 duration)"),
  HISTORY_ENABLED(
      "history-enabled",
      "true",
      "record every property reading as history (GET /api/2/things/{id}/history)"),
  HISTORY_RETENTION(
      "history-retention",
      "P7D",
      "how long property history is kept, by the readings' source time (ISO-8601 duration)"),
  DESIRED_RETRY(
      "desired-retry",
      "PT5M",
      "how long a twin may stay out of sync with its desired properties before the"
          + " desired.update command is sent again (ISO-8601 duration)"),
  LAST_SEEN_INTERVAL(
      "last-seen-interval",
      "PT10S",
      "how often at most a device's connectivity lastSeen is written to its twin (ISO-8601"
          + " duration)"),
  DEVICE_RATE_LIMIT(
      "device-rate-limit", "100", "messages per second one device may send (token bucket)"),
  TENANT_RATE_LIMIT(
      "tenant-rate-limit",
      "20000",
      "messages per second all devices of one tenant together may send (token bucket)"),
  TENANT_MAX_CONNECTIONS(
      "tenant-max-connections", "100000", "MQTT connections one tenant may hold at once"),
  LOGIN_THROTTLE(
      "login-throttle",
      "10",
      "failed logins of one auth-id within auth-failure-window after which further logins are"
          + " refused without checking the password (one remote host may fail ten times as often)");

  private final String key;
  private final String defaultValue;
  private final String description;

  ConfigKey(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The key as written in a config file, e.g. {@code mqtt-port}. */
  public String key() {
    return key;
  }

  /** The environment variable that overrides it, e.g. {@code TWINWRIGHT_MQTT_PORT}. */
  public String envVar() {
    return "TWINWRIGHT_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
