package io.twinwright.adapters.registry;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.twinwright.adapters.AdapterConfig;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TenantId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.x500.X500Principal;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenants, devices and credentials, persisted in MongoDB (collections {@value #TENANTS}, {@value
 * #DEVICES}, {@value #CREDENTIALS}) and held in memory.
 *
 * <p>Reads are answered from memory and never block. Writes change memory first, under one lock,
 * and then persist in the same order on the {@value #WORKER_POOL} worker pool; the returned future
 * completes once the write is stored. MongoDB calls and password hashing never run on the caller's
 * thread, so every method may be called from an event loop. Call {@link #start()} once before use:
 * it loads what is stored.
 */
public final class DeviceRegistry {

  public static final String TENANTS = "tenants";
  public static final String DEVICES = "devices";
  public static final String CREDENTIALS = "credentials";
  public static final String WORKER_POOL = "registry";

  private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);
  private static final String HMAC = "HmacSHA256";
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

  private final AdapterConfig config;
  private final WorkerExecutor worker;
  private final MongoCollection<Document> tenantStore;
  private final MongoCollection<Document> deviceStore;
  private final MongoCollection<Document> credentialStore;
  private final SecureRandom random = new SecureRandom();

  private final Map<TenantId, Tenant> tenants = new ConcurrentHashMap<>();
  private final Map<DeviceId, Device> devices = new ConcurrentHashMap<>();
  private final Map<DeviceId, List<Credentials>> credentials = new ConcurrentHashMap<>();
  private final Map<AuthKey, Owned> byAuthId = new ConcurrentHashMap<>();
  private final Map<AuthKey, Verified> verified = new ConcurrentHashMap<>();

  /**
   * Unknown auth-ids are checked against this hash, so that a refusal takes as long whether or not
   * the auth-id exists and response times do not reveal which auth-ids are registered.
   */
  private final PasswordHash decoy;

  /** Keys the in-memory record of recently verified passwords; never leaves this process. */
  private final byte[] verifiedKey = new byte[32];

  private final Object writeLock = new Object();
  private Future<Void> lastWrite = Future.succeededFuture(); // guarded by writeLock

  public DeviceRegistry(Vertx vertx, MongoDatabase database, AdapterConfig config) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(database, "database");
    this.config = Objects.requireNonNull(config, "config");
    this.worker = vertx.createSharedWorkerExecutor(WORKER_POOL, config.registryWorkers());
    this.tenantStore = database.getCollection(TENANTS);
    this.deviceStore = database.getCollection(DEVICES);
    this.credentialStore = database.getCollection(CREDENTIALS);
    random.nextBytes(verifiedKey);
    byte[] unguessable = new byte[16];
    random.nextBytes(unguessable);
    this.decoy =
        PasswordHash.pbkdf2(
            Base64.getEncoder().encodeToString(unguessable),
            config.passwordHashIterations(),
            random);
  }

  public DeviceRegistry(Vertx vertx, MongoDatabase database) {
    this(vertx, database, AdapterConfig.defaults());
  }

  /** Loads tenants, devices and credentials from the database into memory. */
  public Future<Void> start() {
    return this.<Void>blocking(
            () -> {
              for (Document doc : tenantStore.find()) {
                Tenant tenant = RegistryDocuments.tenant(doc);
                tenants.put(tenant.id(), tenant);
              }
              for (Document doc : deviceStore.find()) {
                Device device = RegistryDocuments.device(doc);
                devices.put(device.id(), device);
              }
              for (Document doc : credentialStore.find()) {
                DeviceId owner = RegistryDocuments.credentialsOwner(doc);
                List<Credentials> list = RegistryDocuments.credentials(doc);
                credentials.put(owner, list);
                list.forEach(c -> byAuthId.put(AuthKey.of(owner.tenant(), c), new Owned(owner, c)));
              }
              LOG.info(
                  "device registry loaded {} tenants, {} devices, {} auth-ids",
                  tenants.size(),
                  devices.size(),
                  byAuthId.size());
              return null;
            })
        .recover(e -> Future.failedFuture(unavailable("cannot load the device registry", e)));
  }

  /** Releases the worker pool. Memory state stays readable. */
  public Future<Void> close() {
    synchronized (writeLock) {
      return lastWrite.transform(ignored -> worker.close());
    }
  }

  // ---- tenants

  /** Creates an enabled tenant; fails with 409 if it exists. */
  public Future<Tenant> createTenant(TenantId id) {
    Objects.requireNonNull(id, "id");
    return createTenant(Tenant.enabled(id));
  }

  /**
   * Creates a tenant; fails with 409 if it exists or if another tenant trusts a CA with the same
   * subject DN (the issuer of a client certificate decides its tenant, so it must be unambiguous).
   */
  public Future<Tenant> createTenant(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    synchronized (writeLock) {
      Optional<RegistryException> clash = caClash(tenant);
      if (clash.isPresent()) {
        return Future.failedFuture(clash.get());
      }
      if (tenants.putIfAbsent(tenant.id(), tenant) != null) {
        return Future.failedFuture(
            new RegistryException(RegistryException.CONFLICT, "tenant exists: " + tenant.id()));
      }
      return persist(() -> saveTenant(tenant)).map(tenant);
    }
  }

  /** Replaces a tenant; 404 if unknown, 409 for a CA subject DN another tenant trusts. */
  public Future<Tenant> updateTenant(Tenant tenant) {
    Objects.requireNonNull(tenant, "tenant");
    synchronized (writeLock) {
      if (!tenants.containsKey(tenant.id())) {
        return tenantNotFound(tenant.id());
      }
      Optional<RegistryException> clash = caClash(tenant);
      if (clash.isPresent()) {
        return Future.failedFuture(clash.get());
      }
      tenants.put(tenant.id(), tenant);
      return persist(() -> saveTenant(tenant)).map(tenant);
    }
  }

  /**
   * Removes a tenant with its devices and their credentials; 404 if unknown. Devices cannot outlive
   * their tenant: they could not log in, and a tenant created later under the same id would inherit
   * them.
   */
  public Future<Void> deleteTenant(TenantId id) {
    Objects.requireNonNull(id, "id");
    synchronized (writeLock) {
      if (tenants.remove(id) == null) {
        return tenantNotFound(id);
      }
      for (Device device : devices(id)) {
        devices.remove(device.id());
        forgetCredentials(device.id());
      }
      return persist(
          () -> {
            credentialStore.deleteMany(Filters.eq(RegistryDocuments.TENANT, id.value()));
            deviceStore.deleteMany(Filters.eq(RegistryDocuments.TENANT, id.value()));
            tenantStore.deleteOne(Filters.eq(RegistryDocuments.ID, id.value()));
          });
    }
  }

  public Optional<Tenant> tenant(TenantId id) {
    return Optional.ofNullable(tenants.get(id));
  }

  private Optional<RegistryException> caClash(Tenant tenant) {
    for (Tenant other : tenants.values()) {
      if (other.id().equals(tenant.id())) {
        continue;
      }
      for (TrustedCa mine : tenant.trustedCas()) {
        for (TrustedCa theirs : other.trustedCas()) {
          if (mine.subject().equals(theirs.subject())) {
            return Optional.of(
                new RegistryException(
                    RegistryException.CONFLICT,
                    "tenant " + other.id() + " already trusts a CA " + mine.subjectDn()));
          }
        }
      }
    }
    return Optional.empty();
  }

  // ---- devices

  /**
   * Registers a device, creating its tenant if it is not known yet; fails with 409 if the device
   * exists.
   */
  public Future<Device> createDevice(DeviceId id, Registration registration) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(registration, "registration");
    synchronized (writeLock) {
      Device device = new Device(id, registration, false);
      if (devices.putIfAbsent(id, device) != null) {
        return Future.failedFuture(
            new RegistryException(RegistryException.CONFLICT, "device exists: " + id));
      }
      Tenant newTenant = null;
      if (!tenants.containsKey(id.tenant())) {
        newTenant = Tenant.enabled(id.tenant());
        tenants.put(id.tenant(), newTenant);
      }
      Tenant tenantToSave = newTenant;
      return persist(
              () -> {
                if (tenantToSave != null) {
                  saveTenant(tenantToSave);
                }
                saveDevice(device);
              })
          .map(device);
    }
  }

  /** Replaces a device's registration, keeping its quarantine state; 404 if unknown. */
  public Future<Device> updateRegistration(DeviceId id, Registration registration) {
    Objects.requireNonNull(registration, "registration");
    synchronized (writeLock) {
      Device current = devices.get(id);
      if (current == null) {
        return notFound(id);
      }
      Device updated = current.withRegistration(registration);
      devices.put(id, updated);
      return persist(() -> saveDevice(updated)).map(updated);
    }
  }

  /** Removes a device and its credentials; 404 if unknown. */
  public Future<Void> deleteDevice(DeviceId id) {
    synchronized (writeLock) {
      if (devices.remove(id) == null) {
        return notFound(id);
      }
      forgetCredentials(id);
      return persist(
          () -> {
            credentialStore.deleteOne(Filters.eq(RegistryDocuments.ID, id.thingId()));
            deviceStore.deleteOne(Filters.eq(RegistryDocuments.ID, id.thingId()));
          });
    }
  }

  public Optional<Device> device(DeviceId id) {
    return Optional.ofNullable(devices.get(id));
  }

  /** The devices of one tenant, in no particular order. */
  public List<Device> devices(TenantId tenant) {
    return devices.values().stream().filter(d -> d.id().tenant().equals(tenant)).toList();
  }

  public int deviceCount() {
    return devices.size();
  }

  /** The devices currently in quarantine, across all tenants, in no particular order. */
  public List<Device> quarantined() {
    return devices.values().stream().filter(Device::quarantined).toList();
  }

  /** Devices currently in quarantine, across all tenants. */
  public long quarantinedCount() {
    return devices.values().stream().filter(Device::quarantined).count();
  }

  /**
   * Quarantines or releases a device. Memory changes at once, so the next login is refused even
   * before the returned future (persisted) completes; 404 if unknown. Closing the device's live
   * connections is the caller's job (the adapters' {@code closeConnections}).
   */
  public Future<Void> setQuarantined(DeviceId id, boolean quarantined) {
    synchronized (writeLock) {
      Device current = devices.get(id);
      if (current == null) {
        return notFound(id);
      }
      Device updated = current.withQuarantined(quarantined);
      devices.put(id, updated);
      return persist(() -> saveDevice(updated));
    }
  }

  // ---- credentials

  /**
   * Replaces all credentials of a device, as Hono's {@code PUT /credentials/<tenant>/<device>}
   * does. Plain-text secrets are hashed first. Fails with 404 for an unknown device, 409 if an
   * auth-id is already used by another device of the tenant, 400 for duplicates in the list.
   */
  public Future<Void> setCredentials(DeviceId id, List<CredentialSpec> specs) {
    List<CredentialSpec> copy = List.copyOf(Objects.requireNonNull(specs, "specs"));
    if (!devices.containsKey(id)) {
      return notFound(id);
    }
    Set<AuthKey> keys = new HashSet<>();
    for (CredentialSpec spec : copy) {
      if (!keys.add(new AuthKey(id.tenant(), spec.type(), spec.authId()))) {
        return Future.failedFuture(
            new RegistryException(
                RegistryException.BAD_REQUEST, "auth-id listed twice: " + spec.authId()));
      }
    }
    return blocking(() -> copy.stream().map(this::hash).toList())
        .compose(hashed -> replaceCredentials(id, hashed));
  }

  /** The stored credentials of a device (hashes only); empty if it has none. */
  public List<Credentials> credentials(DeviceId id) {
    return credentials.getOrDefault(id, List.of());
  }

  // ---- authentication

  /**
   * Checks a device's login. The password is verified before anything else is revealed: a wrong
   * password is reported as such even for a disabled or quarantined device.
   */
  public Future<AuthResult> authenticate(TenantId tenant, String authId, String password) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(authId, "authId");
    Objects.requireNonNull(password, "password");
    if (!tenants.containsKey(tenant)) {
      return refuseAfterDecoy(password, AuthFailure.UNKNOWN_TENANT);
    }
    AuthKey key = new AuthKey(tenant, CredentialSpec.HASHED_PASSWORD, authId);
    Owned owned = byAuthId.get(key);
    if (owned == null) {
      return refuseAfterDecoy(password, AuthFailure.UNKNOWN_AUTH_ID);
    }
    byte[] mac = mac(password);
    Verified seen = verified.get(key);
    if (seen != null && seen.credentials() == owned.credentials() && seen.matches(mac)) {
      return Future.succeededFuture(decide(owned));
    }
    return blocking(() -> owned.credentials().matches(password))
        .map(
            matches -> {
              if (!matches) {
                return new AuthResult.Refused(
                    AuthFailure.WRONG_PASSWORD, Optional.of(owned.device()));
              }
              // a later login with the same password is answered without hashing again, until
              // the device's credentials are replaced (a new Credentials instance)
              verified.put(key, new Verified(owned.credentials(), mac));
              return decide(owned);
            });
  }

  /**
   * The pre-shared key of {@code psk} credentials, for a DTLS handshake with identity {@code
   * auth-id@tenant}; empty for an unknown tenant or auth-id. The key is returned even when the
   * device is disabled or quarantined, so that the device learns why it is refused from {@link
   * #authenticatePsk} (a failed handshake would tell it nothing).
   */
  public Optional<byte[]> presharedKey(TenantId tenant, String authId) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(authId, "authId");
    if (!tenants.containsKey(tenant)) {
      return Optional.empty();
    }
    Owned owned = byAuthId.get(new AuthKey(tenant, CredentialSpec.PSK, authId));
    return owned == null
        ? Optional.empty()
        : owned.credentials().presharedKey().map(PreSharedKey::bytes);
  }

  /**
   * Decides about a device that proved it holds the key of its {@code psk} credentials (a DTLS
   * handshake succeeded). Answered from memory: call it for every request, as credentials,
   * registration or quarantine may have changed since the handshake.
   */
  public AuthResult authenticatePsk(TenantId tenant, String authId) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(authId, "authId");
    if (!tenants.containsKey(tenant)) {
      return new AuthResult.Refused(AuthFailure.UNKNOWN_TENANT, Optional.empty());
    }
    Owned owned = byAuthId.get(new AuthKey(tenant, CredentialSpec.PSK, authId));
    if (owned == null || owned.credentials().presharedKey().isEmpty()) {
      return new AuthResult.Refused(AuthFailure.UNKNOWN_AUTH_ID, Optional.empty());
    }
    return decide(owned);
  }

  /**
   * Whether a device may publish right now, without any credentials of its own: registered,
   * enabled, its tenant enabled, not quarantined. For devices a gateway acts for and for devices
   * the CoAP adapter lets in unauthenticated.
   */
  public AuthResult authorize(DeviceId id) {
    Objects.requireNonNull(id, "id");
    Device device = devices.get(id);
    Tenant tenant = tenants.get(id.tenant());
    if (device == null || tenant == null) {
      return new AuthResult.Refused(AuthFailure.UNKNOWN_AUTH_ID, Optional.empty());
    }
    if (!tenant.enabled() || !device.registration().enabled()) {
      return new AuthResult.Refused(AuthFailure.DISABLED, Optional.of(id));
    }
    if (device.quarantined()) {
      return new AuthResult.Refused(AuthFailure.QUARANTINED, Optional.of(id));
    }
    return new AuthResult.Authenticated(id, device.registration());
  }

  /**
   * Checks a device's login with a client certificate chain (the device's own certificate first).
   * The tenant is the one that trusts the CA named as issuer at the end of the chain; the chain
   * must verify against that CA's key, and the device is the one with {@code x509-cert} credentials
   * for the certificate's subject DN. An unknown subject is registered on the spot when the CA has
   * auto-provisioning enabled: device id from the CA's template (else the common name), an {@code
   * x509-cert} credential, and the tenant's default model in {@code ext.model}.
   */
  public Future<AuthResult> authenticate(List<X509Certificate> chain) {
    List<X509Certificate> presented = new ArrayList<>(Objects.requireNonNull(chain, "chain"));
    // a client may send its root CA along; the trust anchor is the tenant's entry, not that copy
    while (presented.size() > 1
        && presented
            .get(presented.size() - 1)
            .getSubjectX500Principal()
            .equals(presented.get(presented.size() - 1).getIssuerX500Principal())) {
      presented.remove(presented.size() - 1);
    }
    if (presented.isEmpty()) {
      return Future.succeededFuture(
          new AuthResult.Refused(AuthFailure.UNTRUSTED_CERTIFICATE, Optional.empty()));
    }
    X500Principal issuer = presented.get(presented.size() - 1).getIssuerX500Principal();
    Optional<Tenant> owner =
        tenants.values().stream()
            .filter(t -> t.trustedCas().stream().anyMatch(ca -> ca.subject().equals(issuer)))
            .findFirst();
    if (owner.isEmpty()) {
      return Future.succeededFuture(
          new AuthResult.Refused(AuthFailure.UNKNOWN_TENANT, Optional.empty()));
    }
    Tenant tenant = owner.get();
    X509Certificate device = presented.get(0);
    return blocking(() -> trustedBy(tenant, presented))
        .compose(
            ca -> {
              if (ca.isEmpty()) {
                return Future.succeededFuture(
                    new AuthResult.Refused(AuthFailure.UNTRUSTED_CERTIFICATE, Optional.empty()));
              }
              String subject = device.getSubjectX500Principal().getName(X500Principal.RFC2253);
              Owned owned =
                  byAuthId.get(new AuthKey(tenant.id(), CredentialSpec.X509_CERT, subject));
              if (owned != null) {
                return Future.succeededFuture(decide(owned));
              }
              if (ca.get().autoProvisioningEnabled() && tenant.enabled()) {
                return provision(tenant, ca.get(), device.getSubjectX500Principal());
              }
              return Future.succeededFuture(
                  new AuthResult.Refused(AuthFailure.UNKNOWN_AUTH_ID, Optional.empty()));
            });
  }

  /**
   * Decides whether a gateway may send for a device of its tenant: the device must list the gateway
   * in {@code via} and be enabled and not quarantined. An unknown device is registered, with the
   * gateway in {@code via}, when the gateway's registration has the authority {@value
   * Registration#AUTO_PROVISIONING_ENABLED}. Completes at once unless a device is registered.
   */
  public Future<Delegation> delegate(DeviceId gateway, DeviceId device) {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(device, "device");
    if (!gateway.tenant().equals(device.tenant())) {
      return Future.succeededFuture(new Delegation.Refused(Delegation.Reason.OTHER_TENANT));
    }
    Device known = devices.get(device);
    if (known != null) {
      return Future.succeededFuture(delegation(known, gateway));
    }
    Device acting = devices.get(gateway);
    Tenant tenant = tenants.get(gateway.tenant());
    if (acting == null
        || !acting.registration().mayProvisionDevices()
        || tenant == null
        || !tenant.enabled()) {
      return Future.succeededFuture(new Delegation.Refused(Delegation.Reason.UNKNOWN_DEVICE));
    }
    synchronized (writeLock) {
      Device raced = devices.get(device);
      if (raced != null) {
        return Future.succeededFuture(delegation(raced, gateway));
      }
      Device created =
          new Device(device, provisionedRegistration(tenant, List.of(gateway.id())), false);
      devices.put(device, created);
      LOG.info("gateway {} provisioned device {}", gateway, device);
      return persist(() -> saveDevice(created)).map(new Delegation.Allowed(created, true));
    }
  }

  private static Delegation delegation(Device device, DeviceId gateway) {
    if (!device.id().equals(gateway) && !device.registration().via().contains(gateway.id())) {
      return new Delegation.Refused(Delegation.Reason.NOT_VIA);
    }
    if (!device.registration().enabled() || device.quarantined()) {
      return new Delegation.Refused(Delegation.Reason.DISABLED);
    }
    return new Delegation.Allowed(device, false);
  }

  /** The trusted CA of the tenant that the chain verifies against, if any. Blocking (crypto). */
  private static Optional<TrustedCa> trustedBy(Tenant tenant, List<X509Certificate> chain) {
    Instant now = Instant.now();
    X500Principal issuer = chain.get(chain.size() - 1).getIssuerX500Principal();
    for (TrustedCa ca : tenant.trustedCas()) {
      if (!ca.subject().equals(issuer) || !ca.validAt(now)) {
        continue;
      }
      try {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        PKIXParameters parameters = new PKIXParameters(Set.of(ca.trustAnchor()));
        // no revocation service is configured; a revoked device is disabled in the registry
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(now));
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
        return Optional.of(ca);
      } catch (GeneralSecurityException e) {
        LOG.debug(
            "certificate chain of {} not trusted by {}",
            chain.get(0).getSubjectX500Principal(),
            ca.subjectDn(),
            e);
      }
    }
    return Optional.empty();
  }

  private Future<AuthResult> provision(Tenant tenant, TrustedCa ca, X500Principal subject) {
    Optional<String> name =
        DeviceIdTemplate.apply(ca.deviceIdTemplate(), subject).filter(DeviceId::isValid);
    if (name.isEmpty()) {
      LOG.warn("cannot provision {}: no valid device id from its subject", subject);
      return Future.succeededFuture(
          new AuthResult.Refused(AuthFailure.UNKNOWN_AUTH_ID, Optional.empty()));
    }
    DeviceId id = new DeviceId(tenant.id(), name.get());
    Credentials credential =
        new Credentials(
            CredentialSpec.X509_CERT, subject.getName(X500Principal.RFC2253), true, List.of());
    AuthKey key = AuthKey.of(tenant.id(), credential);
    synchronized (writeLock) {
      Owned raced = byAuthId.get(key);
      if (raced != null) {
        // another connection with the same certificate provisioned it meanwhile
        return Future.succeededFuture(decide(raced));
      }
      if (devices.containsKey(id)) {
        // the id belongs to a device without this certificate: never hand it over
        LOG.warn("cannot provision {}: device {} exists without that certificate", subject, id);
        return Future.succeededFuture(
            new AuthResult.Refused(AuthFailure.UNKNOWN_AUTH_ID, Optional.of(id)));
      }
      Device device = new Device(id, provisionedRegistration(tenant, List.of()), false);
      devices.put(id, device);
      credentials.put(id, List.of(credential));
      byAuthId.put(key, new Owned(id, credential));
      Document credentialDoc = RegistryDocuments.credentials(id, List.of(credential));
      LOG.info("provisioned device {} for certificate {}", id, subject);
      return persist(
              () -> {
                saveDevice(device);
                credentialStore.replaceOne(
                    Filters.eq(RegistryDocuments.ID, id.thingId()), credentialDoc, UPSERT);
              })
          .map(new AuthResult.Authenticated(id, device.registration(), true));
    }
  }

  /**
   * An enabled device with the tenant's default model and profile, sent for by the given gateways.
   */
  private static Registration provisionedRegistration(Tenant tenant, List<String> via) {
    Map<String, Object> ext = new HashMap<>();
    tenant.defaultModel().ifPresent(m -> ext.put(Registration.EXT_MODEL, m));
    tenant.defaultProfile().ifPresent(p -> ext.put(Registration.EXT_PROFILE, p));
    return new Registration(true, via, ext);
  }

  private AuthResult decide(Owned owned) {
    DeviceId id = owned.device();
    Device device = devices.get(id);
    Tenant tenant = tenants.get(id.tenant());
    if (device == null || byAuthId.get(AuthKey.of(id.tenant(), owned.credentials())) != owned) {
      // removed while the password was being checked
      return new AuthResult.Refused(AuthFailure.UNKNOWN_AUTH_ID, Optional.empty());
    }
    if (!owned.credentials().enabled()
        || tenant == null
        || !tenant.enabled()
        || !device.registration().enabled()) {
      return new AuthResult.Refused(AuthFailure.DISABLED, Optional.of(id));
    }
    if (device.quarantined()) {
      return new AuthResult.Refused(AuthFailure.QUARANTINED, Optional.of(id));
    }
    return new AuthResult.Authenticated(id, device.registration());
  }

  private Future<AuthResult> refuseAfterDecoy(String password, AuthFailure reason) {
    return blocking(() -> decoy.matches(password))
        .map(ignored -> new AuthResult.Refused(reason, Optional.empty()));
  }

  // ---- internals

  private Future<Void> replaceCredentials(DeviceId id, List<Credentials> hashed) {
    synchronized (writeLock) {
      if (!devices.containsKey(id)) {
        return notFound(id);
      }
      for (Credentials c : hashed) {
        Owned other = byAuthId.get(AuthKey.of(id.tenant(), c));
        if (other != null && !other.device().equals(id)) {
          return Future.failedFuture(
              new RegistryException(
                  RegistryException.CONFLICT,
                  "auth-id " + c.authId() + " is already used by another device"));
        }
      }
      forgetCredentials(id);
      credentials.put(id, hashed);
      hashed.forEach(c -> byAuthId.put(AuthKey.of(id.tenant(), c), new Owned(id, c)));
      Document doc = RegistryDocuments.credentials(id, hashed);
      return persist(
          () ->
              credentialStore.replaceOne(
                  Filters.eq(RegistryDocuments.ID, id.thingId()), doc, UPSERT));
    }
  }

  private void forgetCredentials(DeviceId id) {
    List<Credentials> old = credentials.remove(id);
    if (old != null) {
      for (Credentials c : old) {
        AuthKey key = AuthKey.of(id.tenant(), c);
        byAuthId.remove(key);
        verified.remove(key);
      }
    }
  }

  private Credentials hash(CredentialSpec spec) {
    List<Secret> secrets = new ArrayList<>();
    for (SecretSpec secret : spec.secrets()) {
      secrets.add(secret.toStored(config.passwordHashIterations(), random));
    }
    return new Credentials(spec.type(), spec.authId(), spec.enabled(), secrets);
  }

  private void saveTenant(Tenant tenant) {
    tenantStore.replaceOne(
        Filters.eq(RegistryDocuments.ID, tenant.id().value()),
        RegistryDocuments.tenant(tenant),
        UPSERT);
  }

  private void saveDevice(Device device) {
    deviceStore.replaceOne(
        Filters.eq(RegistryDocuments.ID, device.id().thingId()),
        RegistryDocuments.device(device),
        UPSERT);
  }

  /** Queues a database write behind all earlier ones. Call with {@link #writeLock} held. */
  private Future<Void> persist(Runnable write) {
    Future<Void> next =
        lastWrite.transform(
            ignored ->
                this.<Void>blocking(
                    () -> {
                      write.run();
                      return null;
                    }));
    lastWrite = next;
    return next.recover(
        e -> {
          LOG.error("device registry write failed; memory and database differ until restart", e);
          return Future.failedFuture(unavailable("cannot store the change", e));
        });
  }

  // unordered: writes are ordered by the lastWrite chain, and logins need not wait for each other
  private <T> Future<T> blocking(Callable<T> task) {
    return worker.executeBlocking(task, false);
  }

  private byte[] mac(String password) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(verifiedKey, HMAC));
      return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + HMAC, e);
    }
  }

  private static <T> Future<T> tenantNotFound(TenantId id) {
    return Future.failedFuture(
        new RegistryException(RegistryException.NOT_FOUND, "no such tenant: " + id));
  }

  private static <T> Future<T> notFound(DeviceId id) {
    return Future.failedFuture(
        new RegistryException(RegistryException.NOT_FOUND, "no such device: " + id));
  }

  private static RegistryException unavailable(String message, Throwable cause) {
    return new RegistryException(
        RegistryException.UNAVAILABLE, message + ": " + cause.getMessage(), cause);
  }

  private record AuthKey(TenantId tenant, String type, String authId) {
    static AuthKey of(TenantId tenant, Credentials credentials) {
      return new AuthKey(tenant, credentials.type(), credentials.authId());
    }
  }

  private record Owned(DeviceId device, Credentials credentials) {}

  private record Verified(Credentials credentials, byte[] mac) {
    boolean matches(byte[] other) {
      return MessageDigest.isEqual(mac, other);
    }
  }
}
