package io.twinwright.api.registry;

import io.twinwright.api.ApiException;
import io.twinwright.api.DeviceManagement;
import io.twinwright.api.http.Requests;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TenantId;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** Hono-compatible management routes for tenants, devices and their credentials. */
public final class RegistryRoutes {
  private static final String JSON = "application/json";

  private final DeviceManagement devices;

  public RegistryRoutes(DeviceManagement devices) {
    this.devices = devices;
  }

  public void mount(Router router) {
    router.post("/v1/tenants").handler(this::createTenantWithGeneratedId);
    router.post("/v1/tenants/:tenant").handler(this::createTenant);
    router.get("/v1/tenants/:tenant").handler(this::getTenant);
    router.put("/v1/tenants/:tenant").handler(this::updateTenant);
    router.delete("/v1/tenants/:tenant").handler(this::deleteTenant);
    router.post("/v1/devices/:tenant").handler(this::createWithGeneratedId);
    router.post("/v1/devices/:tenant/:deviceId").handler(this::create);
    router.get("/v1/devices/:tenant/:deviceId").handler(this::get);
    router.put("/v1/devices/:tenant/:deviceId").handler(this::update);
    router.delete("/v1/devices/:tenant/:deviceId").handler(this::delete);
    router.put("/v1/credentials/:tenant/:deviceId").handler(this::setCredentials);
    router.get("/v1/credentials/:tenant/:deviceId").handler(this::getCredentials);
  }

  private void createTenantWithGeneratedId(RoutingContext ctx) {
    // tenant ids start with a letter and hold no '-'
    createTenant(ctx, TenantId.of("t" + UUID.randomUUID().toString().replace("-", "")));
  }

  private void createTenant(RoutingContext ctx) {
    createTenant(ctx, tenant(ctx));
  }

  private void createTenant(RoutingContext ctx, TenantId tenant) {
    JsonObject body = tenantObject(ctx);
    devices
        .createTenant(tenant, body)
        .onSuccess(
            v ->
                ctx.response()
                    .setStatusCode(201)
                    .putHeader(HttpHeaders.LOCATION, "/v1/tenants/" + tenant)
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(new JsonObject().put("id", tenant.value()).encode()))
        .onFailure(ctx::fail);
  }

  private void getTenant(RoutingContext ctx) {
    TenantId tenant = tenant(ctx);
    devices
        .getTenant(tenant)
        .onSuccess(
            found ->
                found.ifPresentOrElse(
                    object ->
                        ctx.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                            .end(object.encode()),
                    () -> ctx.fail(ApiException.notFound("no tenant " + tenant))))
        .onFailure(ctx::fail);
  }

  private void updateTenant(RoutingContext ctx) {
    TenantId tenant = tenant(ctx);
    JsonObject body = tenantObject(ctx);
    devices
        .updateTenant(tenant, body)
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void deleteTenant(RoutingContext ctx) {
    devices
        .deleteTenant(tenant(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** A Hono tenant object; the registry checks the trusted CAs themselves. */
  private static JsonObject tenantObject(RoutingContext ctx) {
    JsonObject tenant = Requests.jsonObject(ctx, new JsonObject());
    requireType(tenant, "enabled", Boolean.class, "a boolean");
    requireType(tenant, "ext", JsonObject.class, "an object");
    requireType(tenant, "trusted-ca", JsonArray.class, "an array of objects");
    JsonArray cas = tenant.getJsonArray("trusted-ca");
    if (cas != null) {
      for (int i = 0; i < cas.size(); i++) {
        if (!(cas.getValue(i) instanceof JsonObject)) {
          throw ApiException.invalid("trusted-ca[" + i + "] must be an object");
        }
      }
    }
    return tenant;
  }

  private void createWithGeneratedId(RoutingContext ctx) {
    create(ctx, tenant(ctx), UUID.randomUUID().toString());
  }

  private void create(RoutingContext ctx) {
    create(ctx, tenant(ctx), deviceId(ctx));
  }

  private void create(RoutingContext ctx, TenantId tenant, String deviceId) {
    JsonObject registration = registration(ctx);
    devices
        .createDevice(tenant, deviceId, registration)
        .onSuccess(
            v ->
                ctx.response()
                    .setStatusCode(201)
                    .putHeader(HttpHeaders.LOCATION, "/v1/devices/" + tenant + "/" + deviceId)
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(new JsonObject().put("id", deviceId).encode()))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    TenantId tenant = tenant(ctx);
    String deviceId = deviceId(ctx);
    devices
        .getDevice(tenant, deviceId)
        .onSuccess(
            found ->
                found.ifPresentOrElse(
                    registration ->
                        ctx.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                            .end(registration.encode()),
                    () -> ctx.fail(deviceNotFound(tenant, deviceId))))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    TenantId tenant = tenant(ctx);
    String deviceId = deviceId(ctx);
    JsonObject registration = registration(ctx);
    devices
        .updateDevice(tenant, deviceId, registration)
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    devices
        .deleteDevice(tenant(ctx), deviceId(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void setCredentials(RoutingContext ctx) {
    TenantId tenant = tenant(ctx);
    String deviceId = deviceId(ctx);
    JsonArray credentials = Requests.jsonArray(ctx);
    validateCredentials(credentials);
    devices
        .setCredentials(tenant, deviceId, credentials)
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void getCredentials(RoutingContext ctx) {
    devices
        .getCredentials(tenant(ctx), deviceId(ctx))
        .onSuccess(
            credentials ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                    .end(withoutSecrets(credentials).encode()))
        .onFailure(ctx::fail);
  }

  private static TenantId tenant(RoutingContext ctx) {
    String tenant = ctx.pathParam("tenant");
    if (!TenantId.isValid(tenant)) {
      throw ApiException.invalid("invalid tenant id: " + tenant);
    }
    return TenantId.of(tenant);
  }

  private static String deviceId(RoutingContext ctx) {
    String deviceId = ctx.pathParam("deviceId");
    if (!DeviceId.isValid(deviceId)) {
      throw ApiException.invalid("invalid device id: " + deviceId);
    }
    return deviceId;
  }

  static ApiException deviceNotFound(TenantId tenant, String deviceId) {
    return ApiException.notFound("no device " + deviceId + " in tenant " + tenant);
  }

  /** A Hono device object; the registry may check more, here only the shape of known members. */
  private static JsonObject registration(RoutingContext ctx) {
    JsonObject registration = Requests.jsonObject(ctx, new JsonObject());
    requireType(registration, "enabled", Boolean.class, "a boolean");
    requireType(registration, "ext", JsonObject.class, "an object");
    requireType(registration, "defaults", JsonObject.class, "an object");
    requireType(registration, "via", JsonArray.class, "an array of device ids");
    requireType(registration, "authorities", JsonArray.class, "an array of strings");
    JsonArray authorities = registration.getJsonArray("authorities");
    if (authorities != null) {
      for (Object authority : authorities) {
        if (!(authority instanceof String)) {
          throw ApiException.invalid("authorities must list strings, got: " + authority);
        }
      }
    }
    JsonArray via = registration.getJsonArray("via");
    if (via != null) {
      for (Object gateway : via) {
        if (!(gateway instanceof String id) || !DeviceId.isValid(id)) {
          throw ApiException.invalid("via must list valid device ids, got: " + gateway);
        }
      }
    }
    return registration;
  }

  private static void requireType(JsonObject object, String key, Class<?> type, String what) {
    Object value = object.getValue(key);
    if (value != null && !type.isInstance(value)) {
      throw ApiException.invalid(key + " must be " + what);
    }
  }

  /** Hono credentials: each entry names a type and an auth-id, unique per pair. */
  static void validateCredentials(JsonArray credentials) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < credentials.size(); i++) {
      if (!(credentials.getValue(i) instanceof JsonObject credential)) {
        throw ApiException.invalid("credentials[" + i + "] must be an object");
      }
      String type = text(credential, "type", i);
      String authId = text(credential, "auth-id", i);
      requireType(credential, "enabled", Boolean.class, "a boolean");
      Object secrets = credential.getValue("secrets");
      if (secrets != null) {
        if (!(secrets instanceof JsonArray list)) {
          throw ApiException.invalid("credentials[" + i + "].secrets must be an array");
        }
        for (Object secret : list) {
          if (!(secret instanceof JsonObject)) {
            throw ApiException.invalid("credentials[" + i + "].secrets must hold objects");
          }
        }
      }
      if (!seen.add(type + '\n' + authId)) {
        throw ApiException.invalid(
            "duplicate credentials for type " + type + ", auth-id " + authId);
      }
    }
  }

  private static String text(JsonObject credential, String key, int index) {
    Object value = credential.getValue(key);
    if (!(value instanceof String text) || text.isBlank()) {
      throw ApiException.invalid(
          "credentials[" + index + "]." + key + " must be a non-empty string");
    }
    return text;
  }

  /** Only the public parts leave the API, whatever the registry returned. */
  static JsonArray withoutSecrets(JsonArray credentials) {
    JsonArray result = new JsonArray();
    for (Object entry : credentials) {
      if (entry instanceof JsonObject credential) {
        result.add(
            new JsonObject()
                .put("type", credential.getValue("type"))
                .put("auth-id", credential.getValue("auth-id"))
                .put("enabled", !Boolean.FALSE.equals(credential.getValue("enabled"))));
      }
    }
    return result;
  }
}
