package io.twinwright.adapters.registry;

import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TenantId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bson.Document;

/**
 * The MongoDB shapes of the registry. Field names follow Hono's management API so that documents
 * read like the JSON a Hono user knows. Credentials are one document per device (as in Hono's
 * MongoDB registry), so replacing a device's credentials is a single atomic write.
 */
final class RegistryDocuments {

  static final String ID = "_id";
  static final String TENANT = "tenant";
  static final String DEVICE = "device";
  static final String ENABLED = "enabled";
  static final String VIA = "via";
  static final String EXT = "ext";
  static final String QUARANTINED = "quarantined";
  static final String CREDENTIALS = "credentials";
  static final String TYPE = "type";
  static final String AUTH_ID = "auth-id";
  static final String SECRETS = "secrets";
  static final String HASH_FUNCTION = "hash-function";
  static final String SALT = "salt";
  static final String PWD_HASH = "pwd-hash";
  static final String ITERATIONS = "iterations";
  static final String KEY = "key";
  static final String DEFAULTS = "defaults";
  static final String AUTHORITIES = "authorities";
  static final String TRUSTED_CA = "trusted-ca";
  static final String SUBJECT_DN = "subject-dn";
  static final String PUBLIC_KEY = "public-key";
  static final String ALGORITHM = "algorithm";
  static final String NOT_BEFORE = "not-before";
  static final String NOT_AFTER = "not-after";
  static final String AUTO_PROVISIONING = "auto-provisioning-enabled";
  static final String DEVICE_ID_TEMPLATE = "auto-provisioning-device-id-template";

  private RegistryDocuments() {}

  static Document tenant(Tenant tenant) {
    List<Document> cas = new ArrayList<>();
    for (TrustedCa ca : tenant.trustedCas()) {
      Document entry =
          new Document(SUBJECT_DN, ca.subjectDn())
              .append(PUBLIC_KEY, Base64.getEncoder().encodeToString(ca.publicKey().getEncoded()))
              .append(ALGORITHM, ca.algorithm())
              .append(AUTO_PROVISIONING, ca.autoProvisioningEnabled());
      ca.notBefore().ifPresent(t -> entry.append(NOT_BEFORE, Date.from(t)));
      ca.notAfter().ifPresent(t -> entry.append(NOT_AFTER, Date.from(t)));
      ca.deviceIdTemplate().ifPresent(t -> entry.append(DEVICE_ID_TEMPLATE, t));
      cas.add(entry);
    }
    return new Document(ID, tenant.id().value())
        .append(ENABLED, tenant.enabled())
        .append(TRUSTED_CA, cas)
        .append(EXT, new Document(tenant.ext()));
  }

  static Tenant tenant(Document doc) {
    List<TrustedCa> cas = new ArrayList<>();
    for (Document entry : doc.getList(TRUSTED_CA, Document.class, List.of())) {
      cas.add(
          new TrustedCa(
              new X500Principal(entry.getString(SUBJECT_DN)),
              TrustedCa.publicKey(
                  Base64.getDecoder().decode(entry.getString(PUBLIC_KEY)),
                  Optional.ofNullable(entry.getString(ALGORITHM))),
              Optional.ofNullable(entry.getDate(NOT_BEFORE)).map(Date::toInstant),
              Optional.ofNullable(entry.getDate(NOT_AFTER)).map(Date::toInstant),
              entry.getBoolean(AUTO_PROVISIONING, false),
              Optional.ofNullable(entry.getString(DEVICE_ID_TEMPLATE))));
    }
    Document ext = doc.get(EXT, Document.class);
    return new Tenant(
        TenantId.of(doc.getString(ID)),
        doc.getBoolean(ENABLED, true),
        cas,
        ext == null ? new Document() : ext);
  }

  static Document device(Device device) {
    Registration registration = device.registration();
    return new Document(ID, device.id().thingId())
        .append(TENANT, device.id().tenant().value())
        .append(DEVICE, device.id().id())
        .append(ENABLED, registration.enabled())
        .append(VIA, registration.via())
        .append(EXT, new Document(registration.ext()))
        .append(DEFAULTS, new Document(registration.defaults()))
        .append(AUTHORITIES, List.copyOf(registration.authorities()))
        .append(QUARANTINED, device.quarantined());
  }

  static Device device(Document doc) {
    DeviceId id = DeviceId.of(doc.getString(TENANT), doc.getString(DEVICE));
    Document ext = doc.get(EXT, Document.class);
    Document defaults = doc.get(DEFAULTS, Document.class);
    Registration registration =
        new Registration(
            doc.getBoolean(ENABLED, true),
            doc.getList(VIA, String.class, List.of()),
            ext == null ? new Document() : ext,
            defaults == null ? new Document() : defaults,
            Set.copyOf(doc.getList(AUTHORITIES, String.class, List.of())));
    return new Device(id, registration, doc.getBoolean(QUARANTINED, false));
  }

  static Document credentials(DeviceId device, List<Credentials> credentials) {
    List<Document> entries = new ArrayList<>();
    for (Credentials c : credentials) {
      List<Document> secrets = new ArrayList<>();
      for (Secret stored : c.secrets()) {
        if (stored instanceof PreSharedKey k) {
          secrets.add(new Document(KEY, k.key()));
        } else if (stored instanceof PasswordHash s) {
          Document secret =
              new Document(HASH_FUNCTION, s.hashFunction())
                  .append(SALT, s.salt())
                  .append(PWD_HASH, s.pwdHash());
          if (s.iterations() > 0) {
            secret.append(ITERATIONS, s.iterations());
          }
          secrets.add(secret);
        }
      }
      entries.add(
          new Document(TYPE, c.type())
              .append(AUTH_ID, c.authId())
              .append(ENABLED, c.enabled())
              .append(SECRETS, secrets));
    }
    return new Document(ID, device.thingId())
        .append(TENANT, device.tenant().value())
        .append(DEVICE, device.id())
        .append(CREDENTIALS, entries);
  }

  static DeviceId credentialsOwner(Document doc) {
    return DeviceId.of(doc.getString(TENANT), doc.getString(DEVICE));
  }

  static List<Credentials> credentials(Document doc) {
    List<Credentials> result = new ArrayList<>();
    for (Document entry : doc.getList(CREDENTIALS, Document.class, List.of())) {
      List<Secret> secrets = new ArrayList<>();
      for (Document s : entry.getList(SECRETS, Document.class, List.of())) {
        secrets.add(
            s.containsKey(KEY)
                ? new PreSharedKey(s.getString(KEY))
                : new PasswordHash(
                    s.getString(HASH_FUNCTION),
                    s.getString(SALT),
                    s.getString(PWD_HASH),
                    s.getInteger(ITERATIONS, 0)));
      }
      result.add(
          new Credentials(
              entry.getString(TYPE),
              entry.getString(AUTH_ID),
              entry.getBoolean(ENABLED, true),
              secrets));
    }
    return result;
  }
}
