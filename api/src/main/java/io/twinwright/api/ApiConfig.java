package io.twinwright.api;

/**
 * Configuration of the HTTP API.
 *
 * @param host interface to bind
 * @param port port to bind; 0 picks a free port (tests)
 * @param maxBodyBytes largest request body accepted; larger bodies get 413
 * @param workerPoolSize threads of the named worker pool that runs searches and port queries
 * @param defaultPageSize search results per page when no {@code size(n)} option is given
 * @param maxPageSize largest page a search may ask for (also the cap on {@code ids=} lists)
 * @param eventStreamQueueLimit events one server-sent-event client may have in flight before it
 *     counts as too slow and is disconnected
 * @param security who may call the API and how they authenticate
 */
public record ApiConfig(
    String host,
    int port,
    int maxBodyBytes,
    int workerPoolSize,
    int defaultPageSize,
    int maxPageSize,
    int eventStreamQueueLimit,
    ApiSecurity security) {

  public ApiConfig {
    java.util.Objects.requireNonNull(security, "security");
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    requirePositive(maxBodyBytes, "maxBodyBytes");
    requirePositive(workerPoolSize, "workerPoolSize");
    requirePositive(defaultPageSize, "defaultPageSize");
    requirePositive(maxPageSize, "maxPageSize");
    requirePositive(eventStreamQueueLimit, "eventStreamQueueLimit");
    if (defaultPageSize > maxPageSize) {
      throw new IllegalArgumentException("defaultPageSize must not exceed maxPageSize");
    }
  }

  /**
   * The defaults, declared here and nowhere else. Page sizes follow Ditto's search (25, 200).
   * Security is open here because users can only come from configuration: the platform requires
   * authentication unless told otherwise.
   */
  public static ApiConfig defaults() {
    return new ApiConfig("0.0.0.0", 8080, 256 * 1024, 4, 25, 200, 1_000, ApiSecurity.open());
  }

  public ApiConfig withSecurity(ApiSecurity security) {
    return new ApiConfig(
        host,
        port,
        maxBodyBytes,
        workerPoolSize,
        defaultPageSize,
        maxPageSize,
        eventStreamQueueLimit,
        security);
  }

  public ApiConfig withHost(String host) {
    return new ApiConfig(
        host,
        port,
        maxBodyBytes,
        workerPoolSize,
        defaultPageSize,
        maxPageSize,
        eventStreamQueueLimit,
        security);
  }

  public ApiConfig withPort(int port) {
    return new ApiConfig(
        host,
        port,
        maxBodyBytes,
        workerPoolSize,
        defaultPageSize,
        maxPageSize,
        eventStreamQueueLimit,
        security);
  }

  private static void requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
