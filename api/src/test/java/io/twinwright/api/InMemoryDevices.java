package io.twinwright.api;

import io.twinwright.twin.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A device registry fake that follows the port's contract, including its typed failures. */
final class InMemoryDevices implements DeviceManagement {
  private record Device(JsonObject registration, JsonArray credentials) {}

  private final Map<String, Device> devices = new ConcurrentHashMap<>();
  private final Map<TenantId, JsonObject> tenants = new ConcurrentHashMap<>();

  @Override
  public Future<Void> createTenant(TenantId tenant, JsonObject tenantObject) {
    return tenants.putIfAbsent(tenant, tenantObject.copy()) == null
        ? Future.succeededFuture()
        : Future.failedFuture(ApiException.alreadyExists("tenant exists: " + tenant));
  }

  @Override
  public Future<Optional<JsonObject>> getTenant(TenantId tenant) {
    return Future.succeededFuture(Optional.ofNullable(tenants.get(tenant)).map(JsonObject::copy));
  }

  @Override
  public Future<Void> updateTenant(TenantId tenant, JsonObject tenantObject) {
    return tenants.computeIfPresent(tenant, (k, t) -> tenantObject.copy()) != null
        ? Future.succeededFuture()
        : Future.failedFuture(ApiException.notFound("no such tenant: " + tenant));
  }

  @Override
  public Future<Void> deleteTenant(TenantId tenant) {
    if (tenants.remove(tenant) == null) {
      return Future.failedFuture(ApiException.notFound("no such tenant: " + tenant));
    }
    devices.keySet().removeIf(k -> k.startsWith(tenant + "/"));
    return Future.succeededFuture();
  }

  private static String key(TenantId tenant, String deviceId) {
    return tenant + "/" + deviceId;
  }

  @Override
  public Future<Void> createDevice(TenantId tenant, String deviceId, JsonObject registration) {
    Device previous =
        devices.putIfAbsent(key(tenant, deviceId), new Device(registration, new JsonArray()));
    return previous == null
        ? Future.succeededFuture()
        : Future.failedFuture(ApiException.alreadyExists("device exists: " + deviceId));
  }

  @Override
  public Future<Optional<JsonObject>> getDevice(TenantId tenant, String deviceId) {
    return Future.succeededFuture(
        Optional.ofNullable(devices.get(key(tenant, deviceId))).map(Device::registration));
  }

  @Override
  public Future<Void> updateDevice(TenantId tenant, String deviceId, JsonObject registration) {
    Device updated =
        devices.computeIfPresent(
            key(tenant, deviceId), (k, d) -> new Device(registration, d.credentials()));
    return updated != null ? Future.succeededFuture() : notFound(deviceId);
  }

  @Override
  public Future<Void> deleteDevice(TenantId tenant, String deviceId) {
    return devices.remove(key(tenant, deviceId)) != null
        ? Future.succeededFuture()
        : notFound(deviceId);
  }

  @Override
  public Future<Void> setCredentials(TenantId tenant, String deviceId, JsonArray credentials) {
    Device updated =
        devices.computeIfPresent(
            key(tenant, deviceId), (k, d) -> new Device(d.registration(), credentials.copy()));
    return updated != null ? Future.succeededFuture() : notFound(deviceId);
  }

  /** Deliberately returns the secrets too: the API must strip them whatever the registry does. */
  @Override
  public Future<JsonArray> getCredentials(TenantId tenant, String deviceId) {
    Device device = devices.get(key(tenant, deviceId));
    return device != null ? Future.succeededFuture(device.credentials()) : notFound(deviceId);
  }

  private static <T> Future<T> notFound(String deviceId) {
    return Future.failedFuture(ApiException.notFound("no such device: " + deviceId));
  }
}
