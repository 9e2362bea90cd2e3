package io.twinwright.api;

import io.twinwright.twin.TenantId;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The device registry operations behind Hono's management API ({@code /v1/tenants}, {@code
 * /v1/devices}, {@code /v1/credentials}), bound by the platform to the device registry.
 *
 * <p>Registrations and credentials are Hono's JSON objects. Implementations must not block the
 * calling event loop, and fail with {@link ApiException#notFound} for an unknown device, {@link
 * ApiException#alreadyExists} for a duplicate and {@link ApiException#invalid} for content they
 * reject; any other failure is reported to the client as an internal error.
 */
public interface DeviceManagement {

  /**
   * Creates a tenant; fails with {@link ApiException#alreadyExists} if it exists (or another tenant
   * trusts a CA with the same subject DN).
   *
   * @param tenant Hono tenant object, e.g. {@code {"enabled":true,"trusted-ca":[...],"ext":{}}}
   */
  Future<Void> createTenant(TenantId tenant, JsonObject tenantObject);

  /** The tenant object, or empty when the tenant is unknown. */
  Future<Optional<JsonObject>> getTenant(TenantId tenant);

  /** Replaces the tenant object; not found for an unknown tenant. */
  Future<Void> updateTenant(TenantId tenant, JsonObject tenantObject);

  /** Removes the tenant with its devices and their credentials. */
  Future<Void> deleteTenant(TenantId tenant);

  /**
   * Registers a device.
   *
   * @param registration Hono device object, e.g. {@code {"enabled":true,"ext":{...},"via":[]}}
   */
  Future<Void> createDevice(TenantId tenant, String deviceId, JsonObject registration);

  /** The device's registration, or empty when the device is unknown. */
  Future<Optional<JsonObject>> getDevice(TenantId tenant, String deviceId);

  /** Replaces the device's registration. */
  Future<Void> updateDevice(TenantId tenant, String deviceId, JsonObject registration);

  /** Removes the device and its credentials. */
  Future<Void> deleteDevice(TenantId tenant, String deviceId);

  /**
   * Replaces all credentials of the device. Secrets arrive in plain form ({@code pwd-plain}) and
   * must be stored hashed.
   *
   * @param credentials Hono credentials objects, each with {@code type}, {@code auth-id} and
   *     optional {@code enabled} and {@code secrets}
   */
  Future<Void> setCredentials(TenantId tenant, String deviceId, JsonArray credentials);

  /**
   * The device's credentials without secrets: each object carries only {@code type}, {@code
   * auth-id} and {@code enabled}.
   */
  Future<JsonArray> getCredentials(TenantId tenant, String deviceId);
}
