package io.twinwright.platform.cli;

import io.twinwright.platform.config.ConfigKey;
import io.twinwright.platform.config.PlatformConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options shared by every command that starts the platform. */
final class PlatformOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "properties file with configuration keys (see README)")
  Path configFile;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "state directory (default: data)")
  Path dataDir;

  @Option(
      names = "--content",
      paramLabel = "DIR",
      description = "authored content: models/, profiles/, rules/ (default: bundled examples)")
  Path contentDir;

  @Option(
      names = "--mongo",
      paramLabel = "URI",
      description = "use this MongoDB instead of the embedded store")
  String mongoUri;

  @Option(names = "--host", description = "bind address (default: 0.0.0.0)")
  String host;

  @Option(names = "--mqtt-port", description = "MQTT port (default: 1883)")
  Integer mqttPort;

  @Option(names = "--http-port", description = "device HTTP port (default: 8081)")
  Integer httpPort;

  @Option(names = "--coap-port", description = "plain CoAP port (default: 5683)")
  Integer coapPort;

  @Option(names = "--coaps-port", description = "CoAP over DTLS port (default: 5684)")
  Integer coapsPort;

  @Option(names = "--api-port", description = "API port (default: 8080)")
  Integer apiPort;

  PlatformConfig resolve(Map<ConfigKey, String> extra) {
    Map<ConfigKey, String> o = new EnumMap<>(ConfigKey.class);
    o.putAll(extra);
    if (dataDir != null) {
      o.put(ConfigKey.DATA_DIR, dataDir.toString());
    }
    if (contentDir != null) {
      o.put(ConfigKey.CONTENT_DIR, contentDir.toString());
    }
    if (mongoUri != null) {
      o.put(ConfigKey.MONGO_URI, mongoUri);
    }
    if (host != null) {
      o.put(ConfigKey.HOST, host);
    }
    if (mqttPort != null) {
      o.put(ConfigKey.MQTT_PORT, mqttPort.toString());
    }
    if (httpPort != null) {
      o.put(ConfigKey.HTTP_PORT, httpPort.toString());
    }
    if (coapPort != null) {
      o.put(ConfigKey.COAP_PORT, coapPort.toString());
    }
    if (coapsPort != null) {
      o.put(ConfigKey.COAPS_PORT, coapsPort.toString());
    }
    if (apiPort != null) {
      o.put(ConfigKey.API_PORT, apiPort.toString());
    }
    return PlatformConfig.resolve(Optional.ofNullable(configFile), System.getenv(), o);
  }
}
