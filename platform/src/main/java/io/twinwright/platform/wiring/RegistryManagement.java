package io.twinwright.platform.wiring;

import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.Credentials;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.PasswordHash;
import io.twinwright.adapters.registry.PreSharedKey;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.adapters.registry.RegistryException;
import io.twinwright.adapters.registry.SecretSpec;
import io.twinwright.api.ApiException;
import io.twinwright.api.DeviceManagement;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TenantId;
import io.twinwright.twin.TwinService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds Hono's management API to the device registry, and gives every registered device its twin,
 * shaped by the Thing Model its registration names ({@code ext.model}).
 */
public final class RegistryManagement implements DeviceManagement {
  private final DeviceRegistry registry;
  private final TwinService twins;
  private final String defaultModel;

  public RegistryManagement(DeviceRegistry registry, TwinService twins, String defaultModel) {
    this.registry = registry;
    this.twins = twins;
    this.defaultModel = defaultModel;
  }

  @Override
  public Future<Void> createTenant(TenantId tenant, JsonObject tenantObject) {
    return registry
        .createTenant(TenantJson.tenant(tenant, tenantObject))
        .recover(RegistryManagement::translate)
        .mapEmpty();
  }

  @Override
  public Future<Optional<JsonObject>> getTenant(TenantId tenant) {
    return Future.succeededFuture(registry.tenant(tenant).map(TenantJson::toJson));
  }

  @Override
  public Future<Void> updateTenant(TenantId tenant, JsonObject tenantObject) {
    return registry
        .updateTenant(TenantJson.tenant(tenant, tenantObject))
        .recover(RegistryManagement::translate)
        .mapEmpty();
  }

  @Override
  public Future<Void> deleteTenant(TenantId tenant) {
    return registry.deleteTenant(tenant).recover(RegistryManagement::translate).mapEmpty();
  }

  @Override
  public Future<Void> createDevice(TenantId tenant, String deviceId, JsonObject registration) {
    DeviceId id = deviceId(tenant, deviceId);
    Registration reg = registration(registration);
    return registry
        .createDevice(id, reg)
        .recover(RegistryManagement::translate)
        .compose(
            device ->
                Future.fromCompletionStage(twins.ensure(id, reg.model().orElse(defaultModel))))
        .mapEmpty();
  }

  @Override
  public Future<Optional<JsonObject>> getDevice(TenantId tenant, String deviceId) {
    return Future.succeededFuture(
        registry.device(deviceId(tenant, deviceId)).map(d -> toJson(d.registration())));
  }

  @Override
  public Future<Void> updateDevice(TenantId tenant, String deviceId, JsonObject registration) {
    DeviceId id = deviceId(tenant, deviceId);
    Registration reg = registration(registration);
    return registry
        .updateRegistration(id, reg)
        .recover(RegistryManagement::translate)
        .compose(
            d ->
                reg.model().isPresent()
                    ? Future.fromCompletionStage(twins.ensure(id, reg.model().get())).mapEmpty()
                    : Future.succeededFuture());
  }

  @Override
  public Future<Void> deleteDevice(TenantId tenant, String deviceId) {
    return registry
        .deleteDevice(deviceId(tenant, deviceId))
        .recover(RegistryManagement::translate)
        .mapEmpty();
  }

  @Override
  public Future<Void> setCredentials(TenantId tenant, String deviceId, JsonArray credentials) {
    List<CredentialSpec> specs = new ArrayList<>();
    for (int i = 0; i < credentials.size(); i++) {
      specs.add(credential(credentials.getValue(i), i));
    }
    return registry
        .setCredentials(deviceId(tenant, deviceId), specs)
        .recover(RegistryManagement::translate)
        .mapEmpty();
  }

  @Override
  public Future<JsonArray> getCredentials(TenantId tenant, String deviceId) {
    DeviceId id = deviceId(tenant, deviceId);
    if (registry.device(id).isEmpty()) {
      return Future.failedFuture(ApiException.notFound("no such device: " + id));
    }
    JsonArray result = new JsonArray();
    for (Credentials c : registry.credentials(id)) {
      result.add(
          new JsonObject()
              .put("type", c.type())
              .put("auth-id", c.authId())
              .put("enabled", c.enabled()));
    }
    return Future.succeededFuture(result);
  }

  private static DeviceId deviceId(TenantId tenant, String deviceId) {
    if (!DeviceId.isValid(deviceId)) {
      throw ApiException.invalid("invalid device id: " + deviceId);
    }
    return new DeviceId(tenant, deviceId);
  }

  private static Registration registration(JsonObject json) {
    if (json == null) {
      return Registration.enabledDevice();
    }
    try {
      List<String> via = new ArrayList<>();
      JsonArray viaJson = json.getJsonArray("via", new JsonArray());
      for (Object o : viaJson) {
        if (!(o instanceof String s)) {
          throw ApiException.invalid("'via' must be an array of device ids");
        }
        via.add(s);
      }
      Map<String, Object> ext = json.getJsonObject("ext", new JsonObject()).getMap();
      Map<String, Object> defaults = json.getJsonObject("defaults", new JsonObject()).getMap();
      Set<String> authorities = new HashSet<>();
      for (Object authority : json.getJsonArray("authorities", new JsonArray())) {
        if (!(authority instanceof String s)) {
          throw ApiException.invalid("'authorities' must be an array of strings");
        }
        authorities.add(s);
      }
      return new Registration(json.getBoolean("enabled", true), via, ext, defaults, authorities);
    } catch (ClassCastException | IllegalArgumentException e) {
      throw ApiException.invalid("invalid device registration: " + e.getMessage());
    }
  }

  private static JsonObject toJson(Registration r) {
    return new JsonObject()
        .put("enabled", r.enabled())
        .put("via", new JsonArray(r.via()))
        .put("defaults", new JsonObject(r.defaults()))
        .put("authorities", new JsonArray(r.authorities().stream().sorted().toList()))
        .put("ext", new JsonObject(r.ext()));
  }

  private static CredentialSpec credential(Object value, int index) {
    if (!(value instanceof JsonObject json)) {
      throw ApiException.invalid("credentials[" + index + "] is not a JSON object");
    }
    try {
      String type = json.getString("type");
      String authId = json.getString("auth-id");
      if (type == null || authId == null) {
        throw ApiException.invalid("credentials[" + index + "] needs 'type' and 'auth-id'");
      }
      if (CredentialSpec.X509_CERT.equals(type)) {
        if (!json.getJsonArray("secrets", new JsonArray()).isEmpty()) {
          throw ApiException.invalid("credentials[" + index + "]: x509-cert takes no secrets");
        }
        return new CredentialSpec(type, authId, json.getBoolean("enabled", true), List.of());
      }
      boolean psk = CredentialSpec.PSK.equals(type);
      if (!psk && !CredentialSpec.HASHED_PASSWORD.equals(type)) {
        throw ApiException.invalid(
            "credentials["
                + index
                + "]: unsupported type '"
                + type
                + "' (hashed-password, psk or x509-cert)");
      }
      List<SecretSpec> secrets = new ArrayList<>();
      JsonArray secretsJson = json.getJsonArray("secrets", new JsonArray());
      for (int s = 0; s < secretsJson.size(); s++) {
        JsonObject secret = secretsJson.getJsonObject(s);
        if (psk) {
          if (!(secret.getValue("key") instanceof String key)) {
            throw ApiException.invalid(
                "credentials[" + index + "].secrets[" + s + "] needs 'key' (Base64)");
          }
          secrets.add(SecretSpec.psk(new PreSharedKey(key)));
        } else if (secret.containsKey("pwd-plain")) {
          secrets.add(SecretSpec.plain(secret.getString("pwd-plain")));
        } else if (secret.containsKey("pwd-hash")) {
          secrets.add(
              SecretSpec.hashed(
                  new PasswordHash(
                      secret.getString("hash-function", PasswordHash.SHA_256),
                      secret.getString("salt", ""),
                      secret.getString("pwd-hash"),
                      secret.getInteger("iterations", 1))));
        } else {
          throw ApiException.invalid(
              "credentials[" + index + "].secrets[" + s + "] needs 'pwd-plain' or 'pwd-hash'");
        }
      }
      return new CredentialSpec(type, authId, json.getBoolean("enabled", true), secrets);
    } catch (ClassCastException | IllegalArgumentException e) {
      throw ApiException.invalid("credentials[" + index + "]: " + e.getMessage());
    }
  }

  private static <T> Future<T> translate(Throwable error) {
    if (error instanceof RegistryException r) {
      return Future.failedFuture(
          switch (r.status()) {
            case RegistryException.NOT_FOUND -> ApiException.notFound(r.getMessage());
            case RegistryException.CONFLICT -> ApiException.alreadyExists(r.getMessage());
            case RegistryException.BAD_REQUEST -> ApiException.invalid(r.getMessage());
            default -> new ApiException(503, "api:unavailable", r.getMessage(), "Retry later.");
          });
    }
    return Future.failedFuture(error);
  }
}
