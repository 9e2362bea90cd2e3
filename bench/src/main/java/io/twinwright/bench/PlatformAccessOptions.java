package io.twinwright.bench;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options every device load command shares (a picocli mixin): where the platform's API is,
 * which devices the bench owns there, whether it creates them first, and as whom it calls the API.
 * Each command hands in its own defaults.
 */
final class PlatformAccessOptions {
  @Option(names = "--api-url", description = "Base URL of the platform's HTTP API.")
  URI apiUrl;

  @Option(names = "--tenant", description = "Tenant of the bench devices.")
  String tenant;

  @Option(names = "--device-prefix", description = "Device ids are this prefix + a padded index.")
  String devicePrefix;

  // picocli names a negatable option that defaults to true by its negative form
  @Option(
      names = "--no-provision",
      negatable = true,
      description = "Create the devices and their credentials first (default: on).",
      showDefaultValue = CommandLine.Help.Visibility.NEVER)
  boolean provision;

  @Option(names = "--provision-concurrency", description = "Management API requests in flight.")
  int provisionConcurrency;

  @Option(
      names = "--api-user",
      description = "API user (HTTP Basic) for the management API and, where read, the twins.")
  String apiUser;

  @Option(names = "--api-password", description = "Password of --api-user.")
  String apiPassword;

  PlatformAccessOptions(
      URI apiUrl, String tenant, String devicePrefix, boolean provision, int provisionConcurrency) {
    this.apiUrl = apiUrl;
    this.tenant = tenant;
    this.devicePrefix = devicePrefix;
    this.provision = provision;
    this.provisionConcurrency = provisionConcurrency;
  }

  Optional<String> user() {
    return Optional.ofNullable(apiUser);
  }

  Optional<String> password() {
    return Optional.ofNullable(apiPassword);
  }
}
