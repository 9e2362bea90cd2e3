package io.twinwright.platform.config;

/** A configuration value the platform cannot start with. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(ConfigKey key, String problem) {
    super(
        key == null
            ? problem
            : "configuration '" + key.key() + "' (" + key.envVar() + "): " + problem);
  }
}
