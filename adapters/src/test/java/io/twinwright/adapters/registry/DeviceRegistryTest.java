package io.twinwright.adapters.registry;

import static io.twinwright.adapters.Fixtures.await;
import static io.twinwright.adapters.Fixtures.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twinwright.adapters.Fixtures;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TenantId;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceRegistryTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");

  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    registry = newRegistry();
    await(registry.createDevice(SENSOR, Registration.of("acme-thermo-v1", "urn:tm:thermo")));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "s3cret"))));
  }

  @AfterEach
  void stop() {
    await(vertx.close());
    mongo.close();
  }

  private DeviceRegistry newRegistry() {
    DeviceRegistry created = new DeviceRegistry(vertx, mongo.database(), Fixtures.config());
    await(created.start());
    return created;
  }

  @Test
  void stores_only_a_salted_hash_of_the_password() {
    Document stored = mongo.database().getCollection(DeviceRegistry.CREDENTIALS).find().first();

    assertThat(stored.toJson()).doesNotContain("s3cret").doesNotContain("pwd-plain");
    Document secret =
        stored
            .getList("credentials", Document.class)
            .get(0)
            .getList("secrets", Document.class)
            .get(0);
    assertThat(secret.getString("hash-function")).isEqualTo(PasswordHash.PBKDF2_SHA256);
    assertThat(secret.getString("salt")).isNotBlank();
    assertThat(secret.getString("pwd-hash")).isNotBlank();
    assertThat(registry.credentials(SENSOR).get(0).authId()).isEqualTo("sensor-1");
  }

  @Test
  void psk_keys_survive_a_restart_and_live_apart_from_passwords() {
    byte[] key = "a-sixteen-byte-k".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    await(
        registry.setCredentials(
            SENSOR,
            List.of(
                CredentialSpec.password("sensor-1", "s3cret"),
                CredentialSpec.psk("sensor-1", key))));

    DeviceRegistry reloaded = newRegistry();
    assertThat(reloaded.presharedKey(ACME, "sensor-1"))
        .hasValueSatisfying(k -> assertThat(k).isEqualTo(key));
    assertThat(reloaded.authenticatePsk(ACME, "sensor-1"))
        .isInstanceOf(AuthResult.Authenticated.class);
    // the PSK is no password, and a password is no PSK
    assertThat(await(reloaded.authenticate(ACME, "sensor-1", "s3cret")))
        .isInstanceOf(AuthResult.Authenticated.class);
    assertThat(reloaded.presharedKey(ACME, "nobody")).isEmpty();
    assertThat(reloaded.authenticatePsk(ACME, "nobody"))
        .isEqualTo(new AuthResult.Refused(AuthFailure.UNKNOWN_AUTH_ID, Optional.empty()));

    await(reloaded.setQuarantined(SENSOR, true));
    assertThat(reloaded.presharedKey(ACME, "sensor-1")).isPresent();
    assertThat(reloaded.authenticatePsk(ACME, "sensor-1"))
        .isEqualTo(new AuthResult.Refused(AuthFailure.QUARANTINED, Optional.of(SENSOR)));
    assertThat(reloaded.authorize(SENSOR))
        .isEqualTo(new AuthResult.Refused(AuthFailure.QUARANTINED, Optional.of(SENSOR)));
  }

  @Test
  void refuses_short_or_mismatched_psk_secrets() {
    assertThatThrownBy(() -> CredentialSpec.psk("s", new byte[4]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new CredentialSpec(
                    CredentialSpec.PSK, "s", true, List.of(SecretSpec.plain("password"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PreSharedKey.of(new byte[16]).toString()).doesNotContain("AAAA");
  }

  @Test
  void authenticates_the_right_password() {
    AuthResult result = await(registry.authenticate(ACME, "sensor-1", "s3cret"));

    assertThat(result)
        .isEqualTo(
            new AuthResult.Authenticated(
                SENSOR, registry.device(SENSOR).orElseThrow().registration()));
    // the second login is answered from memory and must give the same answer
    assertThat(await(registry.authenticate(ACME, "sensor-1", "s3cret"))).isEqualTo(result);
  }

  @Test
  void refuses_a_wrong_password_naming_the_device() {
    assertThat(await(registry.authenticate(ACME, "sensor-1", "guess")))
        .isEqualTo(new AuthResult.Refused(AuthFailure.WRONG_PASSWORD, Optional.of(SENSOR)));
  }

  @Test
  void refuses_unknown_tenant_and_unknown_auth_id() {
    assertThat(await(registry.authenticate(TenantId.of("other"), "sensor-1", "s3cret")))
        .isEqualTo(new AuthResult.Refused(AuthFailure.UNKNOWN_TENANT, Optional.empty()));
    assertThat(await(registry.authenticate(ACME, "nobody", "s3cret")))
        .isEqualTo(new AuthResult.Refused(AuthFailure.UNKNOWN_AUTH_ID, Optional.empty()));
  }

  @Test
  void refuses_a_quarantined_device_even_with_the_right_password() {
    await(registry.authenticate(ACME, "sensor-1", "s3cret")); // warm the verified cache

    await(registry.setQuarantined(SENSOR, true));

    assertThat(await(registry.authenticate(ACME, "sensor-1", "s3cret")))
        .isEqualTo(new AuthResult.Refused(AuthFailure.QUARANTINED, Optional.of(SENSOR)));
    await(registry.setQuarantined(SENSOR, false));
    assertThat(await(registry.authenticate(ACME, "sensor-1", "s3cret")))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void refuses_a_disabled_device() {
    await(registry.updateRegistration(SENSOR, Registration.enabledDevice().withEnabled(false)));

    assertThat(await(registry.authenticate(ACME, "sensor-1", "s3cret")))
        .isEqualTo(new AuthResult.Refused(AuthFailure.DISABLED, Optional.of(SENSOR)));
  }

  @Test
  void accepts_a_secret_hashed_by_the_client() {
    DeviceId gauge = DeviceId.of("acme", "gauge");
    await(registry.createDevice(gauge, Registration.enabledDevice()));
    PasswordHash hash =
        PasswordHash.sha(
            PasswordHash.SHA_256, "pre-hashed", "salt".getBytes(StandardCharsets.UTF_8));
    await(
        registry.setCredentials(
            gauge,
            List.of(
                new CredentialSpec(
                    CredentialSpec.HASHED_PASSWORD,
                    "gauge",
                    true,
                    List.of(SecretSpec.hashed(hash))))));

    assertThat(await(registry.authenticate(ACME, "gauge", "pre-hashed")).device()).contains(gauge);
    assertThat(registry.credentials(gauge).get(0).secrets()).containsExactly(hash);
  }

  @Test
  void replacing_credentials_retires_the_old_password() {
    await(registry.authenticate(ACME, "sensor-1", "s3cret")); // cached as verified

    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "n3w"))));

    assertThat(await(registry.authenticate(ACME, "sensor-1", "s3cret")))
        .isInstanceOf(AuthResult.Refused.class);
    assertThat(await(registry.authenticate(ACME, "sensor-1", "n3w")))
        .isInstanceOf(AuthResult.Authenticated.class);
  }

  @Test
  void survives_a_restart_on_the_same_database() {
    await(registry.setQuarantined(SENSOR, true));
    DeviceId other = DeviceId.of("acme", "sensor-2");
    await(registry.createDevice(other, Registration.enabledDevice()));
    await(registry.setCredentials(other, List.of(CredentialSpec.password("sensor-2", "pw2"))));

    DeviceRegistry restarted = newRegistry();

    assertThat(restarted.deviceCount()).isEqualTo(2);
    assertThat(restarted.tenant(ACME)).contains(Tenant.enabled(ACME));
    assertThat(restarted.device(SENSOR)).contains(registry.device(SENSOR).orElseThrow());
    assertThat(restarted.device(SENSOR).orElseThrow().registration().profile())
        .isEqualTo("acme-thermo-v1");
    assertThat(await(restarted.authenticate(ACME, "sensor-1", "s3cret")))
        .isEqualTo(new AuthResult.Refused(AuthFailure.QUARANTINED, Optional.of(SENSOR)));
    assertThat(await(restarted.authenticate(ACME, "sensor-2", "pw2")).device()).contains(other);
  }

  @Test
  void creates_tenants_implicitly_and_explicitly() {
    assertThat(registry.tenant(ACME)).isPresent();
    await(registry.createTenant(TenantId.of("beta")));

    assertThat(registry.tenant(TenantId.of("beta"))).contains(Tenant.enabled(TenantId.of("beta")));
    assertThat(awaitFailure(registry.createTenant(ACME)))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
  }

  @Test
  void refuses_duplicate_devices_and_auth_ids_of_other_devices() {
    assertThat(awaitFailure(registry.createDevice(SENSOR, Registration.enabledDevice())))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
    DeviceId other = DeviceId.of("acme", "sensor-2");
    await(registry.createDevice(other, Registration.enabledDevice()));

    assertThat(
            awaitFailure(
                registry.setCredentials(other, List.of(CredentialSpec.password("sensor-1", "x")))))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
    assertThat(
            awaitFailure(
                registry.setCredentials(
                    DeviceId.of("acme", "ghost"), List.of(CredentialSpec.password("g", "x")))))
        .isInstanceOfSatisfying(
            RegistryException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void deleting_a_device_removes_its_credentials() {
    await(registry.deleteDevice(SENSOR));

    assertThat(registry.device(SENSOR)).isEmpty();
    assertThat(registry.deviceCount()).isZero();
    assertThat(await(registry.authenticate(ACME, "sensor-1", "s3cret")))
        .isEqualTo(new AuthResult.Refused(AuthFailure.UNKNOWN_AUTH_ID, Optional.empty()));
    assertThat(newRegistry().deviceCount()).isZero();
    assertThat(mongo.database().getCollection(DeviceRegistry.CREDENTIALS).countDocuments())
        .isZero();
  }
}
