package io.twinwright.platform.wiring;

import io.twinwright.adapters.registry.Tenant;
import io.twinwright.adapters.registry.TrustedCa;
import io.twinwright.api.ApiException;
import io.twinwright.twin.TenantId;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * Hono's tenant object ↔ the registry's {@link Tenant}. A trusted CA is given either as {@code
 * subject-dn} + {@code public-key} (Base64 DER {@code SubjectPublicKeyInfo}, optional {@code
 * algorithm}, {@code not-before}, {@code not-after}) or as the CA's certificate in {@code cert}
 * (PEM, or Base64 DER as Hono takes it), from which those are read.
 */
final class TenantJson {
  private static final String TRUSTED_CA = "trusted-ca";

  private TenantJson() {}

  static Tenant tenant(TenantId id, JsonObject json) {
    try {
      List<TrustedCa> cas = new ArrayList<>();
      JsonArray entries = json.getJsonArray(TRUSTED_CA, new JsonArray());
      for (int i = 0; i < entries.size(); i++) {
        cas.add(trustedCa(entries.getJsonObject(i), i));
      }
      for (String key : List.of(Tenant.EXT_DEFAULT_MODEL, Tenant.EXT_DEFAULT_PROFILE)) {
        Object value = json.getJsonObject("ext", new JsonObject()).getValue(key);
        if (value != null && !(value instanceof String)) {
          throw ApiException.invalid("ext." + key + " must be a string");
        }
      }
      return new Tenant(
          id,
          json.getBoolean("enabled", true),
          cas,
          json.getJsonObject("ext", new JsonObject()).getMap());
    } catch (ClassCastException | IllegalArgumentException e) {
      throw ApiException.invalid("invalid tenant: " + e.getMessage());
    }
  }

  private static TrustedCa trustedCa(JsonObject ca, int index) {
    String where = TRUSTED_CA + "[" + index + "]";
    boolean autoProvisioning = ca.getBoolean("auto-provisioning-enabled", false);
    Optional<String> template =
        Optional.ofNullable(ca.getString("auto-provisioning-device-id-template"));
    try {
      if (ca.getValue("cert") != null) {
        return TrustedCa.of(certificate(ca.getString("cert")), autoProvisioning, template);
      }
      String subject = ca.getString("subject-dn");
      String key = ca.getString("public-key");
      if (subject == null || key == null) {
        throw ApiException.invalid(where + " needs 'subject-dn' and 'public-key', or 'cert'");
      }
      return new TrustedCa(
          new X500Principal(subject),
          TrustedCa.publicKey(
              Base64.getMimeDecoder().decode(key), Optional.ofNullable(ca.getString("algorithm"))),
          instant(ca, "not-before"),
          instant(ca, "not-after"),
          autoProvisioning,
          template);
    } catch (IllegalArgumentException | ClassCastException | DateTimeParseException e) {
      throw ApiException.invalid(where + ": " + e.getMessage());
    }
  }

  private static Optional<Instant> instant(JsonObject ca, String key) {
    String text = ca.getString(key);
    return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
  }

  private static X509Certificate certificate(String text) {
    byte[] bytes =
        text.contains("-----BEGIN")
            ? text.getBytes(StandardCharsets.US_ASCII)
            : Base64.getMimeDecoder().decode(text);
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(bytes));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("cert is not an X.509 certificate", e);
    }
  }

  static JsonObject toJson(Tenant tenant) {
    JsonArray cas = new JsonArray();
    for (TrustedCa ca : tenant.trustedCas()) {
      JsonObject entry =
          new JsonObject()
              .put("subject-dn", ca.subjectDn())
              .put("public-key", Base64.getEncoder().encodeToString(ca.publicKey().getEncoded()))
              .put("algorithm", ca.algorithm())
              .put("auto-provisioning-enabled", ca.autoProvisioningEnabled());
      ca.notBefore().ifPresent(t -> entry.put("not-before", t.toString()));
      ca.notAfter().ifPresent(t -> entry.put("not-after", t.toString()));
      ca.deviceIdTemplate().ifPresent(t -> entry.put("auto-provisioning-device-id-template", t));
      cas.add(entry);
    }
    return new JsonObject()
        .put("enabled", tenant.enabled())
        .put(TRUSTED_CA, cas)
        .put("ext", new JsonObject(tenant.ext()));
  }
}
