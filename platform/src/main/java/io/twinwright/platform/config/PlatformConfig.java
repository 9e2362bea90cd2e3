package io.twinwright.platform.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The platform's configuration, resolved once at startup: defaults, then a properties file, then
 * {@code TWINWRIGHT_*} environment variables, then command-line options. Invalid values are refused
 * here, with the key named, before anything starts.
 */
public record PlatformConfig(
    String host,
    Path dataDir,
    Optional<Path> contentDir,
    Optional<String> mongoUri,
    int mqttPort,
    int mqttInstances,
    int httpPort,
    int coapPort,
    int coapsPort,
    boolean coapAllowUnauthenticated,
    int apiPort,
    int maxPayloadBytes,
    int rulesPartitions,
    Duration rulesTick,
    int maxAuthFailures,
    Duration authFailureWindow,
    int silenceFactor,
    int decimals,
    Duration deferredWriteWindow,
    Duration semanticSyncInterval,
    List<URI> webhookUrls,
    String webhookSecret,
    int mqttTlsPort,
    Optional<Path> tlsCert,
    Optional<Path> tlsKey,
    Duration commandTtl,
    Duration maxTtd,
    boolean historyEnabled,
    Duration historyRetention,
    boolean apiAuthRequired,
    Optional<Path> apiUsers,
    Optional<String> apiJwtSecret,
    Duration desiredRetry,
    Duration lastSeenInterval,
    int deviceRateLimit,
    int tenantRateLimit,
    int tenantMaxConnections,
    int loginThrottle) {

  public PlatformConfig {
    positive(loginThrottle, ConfigKey.LOGIN_THROTTLE);
    positive(deviceRateLimit, ConfigKey.DEVICE_RATE_LIMIT);
    positive(tenantRateLimit, ConfigKey.TENANT_RATE_LIMIT);
    positive(tenantMaxConnections, ConfigKey.TENANT_MAX_CONNECTIONS);
    port(mqttPort, ConfigKey.MQTT_PORT);
    port(httpPort, ConfigKey.HTTP_PORT);
    port(coapPort, ConfigKey.COAP_PORT);
    port(coapsPort, ConfigKey.COAPS_PORT);
    port(apiPort, ConfigKey.API_PORT);
    port(mqttTlsPort, ConfigKey.MQTT_TLS_PORT);
    if (tlsCert.isPresent() != tlsKey.isPresent()) {
      throw new ConfigException(
          tlsCert.isPresent() ? ConfigKey.TLS_KEY : ConfigKey.TLS_CERT,
          "tls-cert and tls-key must be set together");
    }
    readable(tlsCert, ConfigKey.TLS_CERT);
    readable(tlsKey, ConfigKey.TLS_KEY);
    readable(apiUsers, ConfigKey.API_USERS);
    if (apiJwtSecret.isPresent() && apiJwtSecret.get().length() < 32) {
      throw new ConfigException(ConfigKey.API_JWT_SECRET, "must have at least 32 characters");
    }
    positive(mqttInstances, ConfigKey.MQTT_INSTANCES);
    positive(maxPayloadBytes, ConfigKey.MAX_PAYLOAD_BYTES);
    positive(rulesPartitions, ConfigKey.RULES_PARTITIONS);
    positive(maxAuthFailures, ConfigKey.MAX_AUTH_FAILURES);
    positive(silenceFactor, ConfigKey.SILENCE_FACTOR);
    webhookUrls = List.copyOf(webhookUrls);
    if (!webhookUrls.isEmpty() && webhookSecret.isBlank()) {
      throw new ConfigException(ConfigKey.WEBHOOK_SECRET, "required when webhook-urls is set");
    }
    if (maxTtd.toMillis() < 1000) {
      throw new ConfigException(ConfigKey.MAX_TTD, "must be at least one second");
    }
    if (decimals < 0 || decimals > 12) {
      throw new ConfigException(ConfigKey.DECIMALS, "must be between 0 and 12");
    }
  }

  /** Resolves the configuration from the layers, lowest precedence first. */
  public static PlatformConfig resolve(
      Optional<Path> file, Map<String, String> env, Map<ConfigKey, String> overrides) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    for (ConfigKey k : ConfigKey.values()) {
      values.put(k, k.defaultValue());
    }
    if (file.isPresent()) {
      Properties props = new Properties();
      try (Reader in = Files.newBufferedReader(file.get())) {
        props.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read config file " + file.get(), e);
      }
      for (String name : props.stringPropertyNames()) {
        ConfigKey key = byName(name);
        values.put(key, props.getProperty(name).trim());
      }
    }
    for (ConfigKey k : ConfigKey.values()) {
      String v = env.get(k.envVar());
      if (v != null) {
        values.put(k, v.trim());
      }
    }
    values.putAll(overrides);
    return from(values);
  }

  /** The effective value of every key, for logging and the demo banner. */
  public static ConfigKey byName(String name) {
    for (ConfigKey k : ConfigKey.values()) {
      if (k.key().equals(name)) {
        return k;
      }
    }
    throw new ConfigException(null, "unknown configuration key '" + name + "'");
  }

  private static PlatformConfig from(Map<ConfigKey, String> v) {
    return new PlatformConfig(
        v.get(ConfigKey.HOST),
        Path.of(v.get(ConfigKey.DATA_DIR)),
        optional(v.get(ConfigKey.CONTENT_DIR)).map(Path::of),
        optional(v.get(ConfigKey.MONGO_URI)),
        integer(v, ConfigKey.MQTT_PORT),
        instances(integer(v, ConfigKey.MQTT_INSTANCES)),
        integer(v, ConfigKey.HTTP_PORT),
        integer(v, ConfigKey.COAP_PORT),
        integer(v, ConfigKey.COAPS_PORT),
        bool(v, ConfigKey.COAP_ALLOW_UNAUTHENTICATED),
        integer(v, ConfigKey.API_PORT),
        integer(v, ConfigKey.MAX_PAYLOAD_BYTES),
        integer(v, ConfigKey.RULES_PARTITIONS),
        duration(v, ConfigKey.RULES_TICK),
        integer(v, ConfigKey.MAX_AUTH_FAILURES),
        duration(v, ConfigKey.AUTH_FAILURE_WINDOW),
        integer(v, ConfigKey.SILENCE_FACTOR),
        integer(v, ConfigKey.DECIMALS),
        duration(v, ConfigKey.DEFERRED_WRITE_WINDOW),
        duration(v, ConfigKey.SEMANTIC_SYNC_INTERVAL),
        urls(v.get(ConfigKey.WEBHOOK_URLS)),
        v.get(ConfigKey.WEBHOOK_SECRET),
        integer(v, ConfigKey.MQTT_TLS_PORT),
        optional(v.get(ConfigKey.TLS_CERT)).map(Path::of),
        optional(v.get(ConfigKey.TLS_KEY)).map(Path::of),
        duration(v, ConfigKey.COMMAND_TTL),
        duration(v, ConfigKey.MAX_TTD),
        bool(v, ConfigKey.HISTORY_ENABLED),
        duration(v, ConfigKey.HISTORY_RETENTION),
        apiAuth(v.get(ConfigKey.API_AUTH)),
        optional(v.get(ConfigKey.API_USERS)).map(Path::of),
        optional(v.get(ConfigKey.API_JWT_SECRET)),
        duration(v, ConfigKey.DESIRED_RETRY),
        duration(v, ConfigKey.LAST_SEEN_INTERVAL),
        integer(v, ConfigKey.DEVICE_RATE_LIMIT),
        integer(v, ConfigKey.TENANT_RATE_LIMIT),
        integer(v, ConfigKey.TENANT_MAX_CONNECTIONS),
        integer(v, ConfigKey.LOGIN_THROTTLE));
  }

  /** A copy with other ports (the demo moves to free ports when the defaults are taken). */
  public PlatformConfig withPorts(int mqtt, int http, int api) {
    return copy(mqtt, http, api, coapPort, coapsPort, apiUsers);
  }

  /** The one place a copy lists every component. */
  private PlatformConfig copy(
      int mqtt, int http, int api, int coap, int coaps, Optional<Path> users) {
    return new PlatformConfig(
        host,
        dataDir,
        contentDir,
        mongoUri,
        mqtt,
        mqttInstances,
        http,
        coap,
        coaps,
        coapAllowUnauthenticated,
        api,
        maxPayloadBytes,
        rulesPartitions,
        rulesTick,
        maxAuthFailures,
        authFailureWindow,
        silenceFactor,
        decimals,
        deferredWriteWindow,
        semanticSyncInterval,
        webhookUrls,
        webhookSecret,
        mqttTlsPort,
        tlsCert,
        tlsKey,
        commandTtl,
        maxTtd,
        historyEnabled,
        historyRetention,
        apiAuthRequired,
        users,
        apiJwtSecret,
        desiredRetry,
        lastSeenInterval,
        deviceRateLimit,
        tenantRateLimit,
        tenantMaxConnections,
        loginThrottle);
  }

  /** A copy with another API user file (the demo writes one for its demo user). */
  public PlatformConfig withApiUsers(Path users) {
    return copy(mqttPort, httpPort, apiPort, coapPort, coapsPort, Optional.of(users));
  }

  private static boolean apiAuth(String value) {
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "required" -> true;
      case "none" -> false;
      default ->
          throw new ConfigException(ConfigKey.API_AUTH, "not required or none: '" + value + "'");
    };
  }

  private static int instances(int configured) {
    if (configured < 0) {
      throw new ConfigException(ConfigKey.MQTT_INSTANCES, "must not be negative: " + configured);
    }
    return configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
  }

  private static List<URI> urls(String list) {
    List<URI> urls = new ArrayList<>();
    for (String part : list.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      try {
        URI url = new URI(part.trim());
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
          throw new URISyntaxException(part, "not an http(s) URL");
        }
        urls.add(url);
      } catch (URISyntaxException e) {
        throw new ConfigException(ConfigKey.WEBHOOK_URLS, "not an http(s) URL: '" + part + "'");
      }
    }
    return urls;
  }

  private static Optional<String> optional(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  private static int integer(Map<ConfigKey, String> v, ConfigKey key) {
    try {
      return Integer.parseInt(v.get(key));
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "not an integer: '" + v.get(key) + "'");
    }
  }

  private static boolean bool(Map<ConfigKey, String> v, ConfigKey key) {
    return switch (v.get(key).toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key, "not true or false: '" + v.get(key) + "'");
    };
  }

  /** A copy with other CoAP ports (the demo moves to free ports when the defaults are taken). */
  public PlatformConfig withCoapPorts(int coap, int coaps) {
    return copy(mqttPort, httpPort, apiPort, coap, coaps, apiUsers);
  }

  private static Duration duration(Map<ConfigKey, String> v, ConfigKey key) {
    try {
      Duration d = Duration.parse(v.get(key));
      if (d.isNegative() || d.isZero()) {
        throw new ConfigException(key, "must be a positive duration");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(key, "not an ISO-8601 duration (e.g. PT60S): '" + v.get(key) + "'");
    }
  }

  private static void readable(Optional<Path> file, ConfigKey key) {
    if (file.isPresent() && !Files.isReadable(file.get())) {
      throw new ConfigException(key, "cannot read " + file.get());
    }
  }

  private static void port(int port, ConfigKey key) {
    if (port < 0 || port > 65535) {
      throw new ConfigException(key, "not a port number: " + port);
    }
  }

  private static void positive(int n, ConfigKey key) {
    if (n < 1) {
      throw new ConfigException(key, "must be at least 1: " + n);
    }
  }
}
