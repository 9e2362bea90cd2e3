package io.twinwright.adapters.registry;

import static io.twinwright.adapters.Fixtures.await;
import static io.twinwright.adapters.Fixtures.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.TestPki;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TenantId;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenants with trusted CAs, certificate logins and provisioning, including across restarts. */
class TenantRegistryTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TestPki.Issued CA = TestPki.ca("CN=Acme CA,O=Acme");

  private final AdapterConfig config = Fixtures.config();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
  }

  @AfterEach
  void stop() {
    await(vertx.close());
    mongo.close();
  }

  private DeviceRegistry restarted() {
    DeviceRegistry fresh = new DeviceRegistry(vertx, mongo.database(), config);
    await(fresh.start());
    return fresh;
  }

  private static Tenant acme(boolean autoProvisioning, Optional<String> template) {
    return new Tenant(
        ACME,
        true,
        List.of(TrustedCa.of(CA.certificate(), autoProvisioning, template)),
        Map.of(Tenant.EXT_DEFAULT_MODEL, "urn:tm:default", Tenant.EXT_DEFAULT_PROFILE, "p1"));
  }

  @Test
  void a_tenant_with_trusted_cas_and_ext_survives_a_restart() {
    Tenant tenant = acme(true, Optional.of("dev-{{subject-cn}}"));
    await(registry.createTenant(tenant));

    Tenant loaded = restarted().tenant(ACME).orElseThrow();

    assertThat(loaded).isEqualTo(tenant);
    assertThat(loaded.trustedCas().get(0).subjectDn()).isEqualTo("CN=Acme CA,O=Acme");
    assertThat(loaded.defaultModel()).contains("urn:tm:default");
  }

  @Test
  void registrations_keep_defaults_and_authorities_across_a_restart() {
    Registration registration =
        new Registration(
            true,
            List.of("gw-1"),
            Map.of("model", "urn:tm:x"),
            Map.of("content-type", "text/plain"),
            Set.of(Registration.AUTO_PROVISIONING_ENABLED));
    await(registry.createDevice(new DeviceId(ACME, "gw-2"), registration));

    assertThat(restarted().device(new DeviceId(ACME, "gw-2")).orElseThrow().registration())
        .isEqualTo(registration);
  }

  @Test
  void two_tenants_cannot_trust_cas_with_the_same_subject() {
    await(registry.createTenant(acme(false, Optional.empty())));
    Tenant other =
        new Tenant(
            TenantId.of("other"),
            true,
            List.of(
                TrustedCa.of(
                    TestPki.ca("CN=Acme CA,O=Acme").certificate(), false, Optional.empty())),
            Map.of());

    RegistryException conflict = (RegistryException) awaitFailure(registry.createTenant(other));

    assertThat(conflict.status()).isEqualTo(RegistryException.CONFLICT);
    assertThat(registry.tenant(TenantId.of("other"))).isEmpty();
  }

  @Test
  void deleting_a_tenant_removes_its_devices_and_credentials_for_good() {
    await(registry.createTenant(acme(false, Optional.empty())));
    DeviceId cam = new DeviceId(ACME, "cam-1");
    await(registry.createDevice(cam, Registration.enabledDevice()));
    await(registry.setCredentials(cam, List.of(CredentialSpec.certificate("CN=cam-1,O=Acme"))));
    await(registry.createDevice(DeviceId.of("beta", "keep"), Registration.enabledDevice()));

    await(registry.deleteTenant(ACME));

    assertThat(registry.device(cam)).isEmpty();
    DeviceRegistry after = restarted();
    assertThat(after.tenant(ACME)).isEmpty();
    assertThat(after.device(cam)).isEmpty();
    assertThat(after.credentials(cam)).isEmpty();
    assertThat(after.device(DeviceId.of("beta", "keep"))).isPresent();
    assertThat(((RegistryException) awaitFailure(after.deleteTenant(ACME))).status())
        .isEqualTo(404);
  }

  @Test
  void a_registered_certificate_authenticates_after_a_restart() {
    await(registry.createTenant(acme(false, Optional.empty())));
    DeviceId cam = new DeviceId(ACME, "cam-1");
    await(registry.createDevice(cam, Registration.enabledDevice()));
    await(registry.setCredentials(cam, List.of(CredentialSpec.certificate("CN=cam-1, O=Acme"))));
    TestPki.Issued certificate = TestPki.device(CA, "CN=cam-1,O=Acme");

    AuthResult result =
        await(restarted().authenticate(List.of(certificate.certificate(), CA.certificate())));

    assertThat(result).isEqualTo(new AuthResult.Authenticated(cam, Registration.enabledDevice()));
  }

  @Test
  void an_expired_trusted_ca_entry_no_longer_authenticates() {
    TrustedCa expired =
        new TrustedCa(
            CA.certificate().getSubjectX500Principal(),
            CA.certificate().getPublicKey(),
            Optional.of(Instant.parse("2020-01-01T00:00:00Z")),
            Optional.of(Instant.parse("2021-01-01T00:00:00Z")),
            true,
            Optional.empty());
    await(registry.createTenant(new Tenant(ACME, true, List.of(expired), Map.of())));

    AuthResult result =
        await(registry.authenticate(List.of(TestPki.device(CA, "CN=cam-1").certificate())));

    assertThat(result)
        .isEqualTo(new AuthResult.Refused(AuthFailure.UNTRUSTED_CERTIFICATE, Optional.empty()));
    assertThat(registry.deviceCount()).isZero();
  }

  @Test
  void provisions_with_the_cas_device_id_template_and_the_tenants_defaults() {
    await(registry.createTenant(acme(true, Optional.of("{{subject-ou}}-{{subject-cn}}"))));

    AuthResult result =
        await(
            registry.authenticate(
                List.of(TestPki.device(CA, "CN=17,OU=press,O=Acme").certificate())));

    DeviceId expected = new DeviceId(ACME, "press-17");
    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    AuthResult.Authenticated ok = (AuthResult.Authenticated) result;
    assertThat(ok.id()).isEqualTo(expected);
    assertThat(ok.provisioned()).isTrue();
    assertThat(ok.registration().model()).contains("urn:tm:default");
    assertThat(ok.registration().profile()).isEqualTo("p1");
    assertThat(restarted().credentials(expected))
        .extracting(Credentials::authId)
        .containsExactly("CN=17,OU=press,O=Acme");
  }

  @Test
  void does_not_provision_when_the_subject_gives_no_valid_device_id_or_the_id_is_taken() {
    await(registry.createTenant(acme(true, Optional.empty())));
    await(registry.createDevice(new DeviceId(ACME, "taken"), Registration.enabledDevice()));

    AuthResult spaces =
        await(registry.authenticate(List.of(TestPki.device(CA, "CN=has spaces").certificate())));
    AuthResult noCn =
        await(registry.authenticate(List.of(TestPki.device(CA, "O=Acme").certificate())));
    AuthResult taken =
        await(registry.authenticate(List.of(TestPki.device(CA, "CN=taken").certificate())));

    assertThat(List.of(spaces, noCn, taken)).allMatch(r -> r instanceof AuthResult.Refused);
    assertThat(registry.deviceCount()).isEqualTo(1);
    assertThat(registry.credentials(new DeviceId(ACME, "taken"))).isEmpty();
  }

  @Test
  void gateway_delegation_follows_via_tenant_and_state() {
    DeviceId gateway = new DeviceId(ACME, "gw-1");
    await(registry.createDevice(gateway, Registration.enabledDevice()));
    await(
        registry.createDevice(
            new DeviceId(ACME, "d-1"), new Registration(true, List.of("gw-1"), Map.of())));
    await(
        registry.createDevice(
            new DeviceId(ACME, "d-off"), new Registration(false, List.of("gw-1"), Map.of())));

    assertThat(await(registry.delegate(gateway, new DeviceId(ACME, "d-1"))))
        .isInstanceOf(Delegation.Allowed.class);
    assertThat(await(registry.delegate(gateway, new DeviceId(ACME, "d-off"))))
        .isEqualTo(new Delegation.Refused(Delegation.Reason.DISABLED));
    assertThat(await(registry.delegate(gateway, DeviceId.of("beta", "d-1"))))
        .isEqualTo(new Delegation.Refused(Delegation.Reason.OTHER_TENANT));
    assertThat(await(registry.delegate(gateway, new DeviceId(ACME, "nope"))))
        .isEqualTo(new Delegation.Refused(Delegation.Reason.UNKNOWN_DEVICE));
    await(registry.setQuarantined(new DeviceId(ACME, "d-1"), true));
    assertThat(await(registry.delegate(gateway, new DeviceId(ACME, "d-1"))))
        .isEqualTo(new Delegation.Refused(Delegation.Reason.DISABLED));
  }
}
