package io.twinwright.adapters.registry;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * A certificate authority a tenant trusts, in the shape of Hono's {@code trusted-ca} entries: the
 * CA's subject DN and public key, an optional validity window, and whether devices with a
 * certificate it signed are registered on their first connection.
 *
 * @param subject the CA's subject; device certificates name it as their issuer
 * @param publicKey the key that verifies what the CA signed
 * @param notBefore start of the window in which the entry is used; empty = no start
 * @param notAfter end of that window; empty = no end
 * @param autoProvisioningEnabled whether unknown devices with a certificate signed by this CA are
 *     registered when they connect
 * @param deviceIdTemplate Hono's {@code auto-provisioning-device-id-template}, e.g. {@code
 *     device-{{subject-cn}}}; empty = the certificate's common name
 */
public record TrustedCa(
    X500Principal subject,
    PublicKey publicKey,
    Optional<Instant> notBefore,
    Optional<Instant> notAfter,
    boolean autoProvisioningEnabled,
    Optional<String> deviceIdTemplate) {

  public TrustedCa {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(deviceIdTemplate, "deviceIdTemplate");
    if (notBefore.isPresent() && notAfter.isPresent() && notAfter.get().isBefore(notBefore.get())) {
      throw new IllegalArgumentException("not-after is before not-before");
    }
    deviceIdTemplate.ifPresent(DeviceIdTemplate::check);
  }

  /** An entry taken from the CA's certificate: its subject, key and validity. */
  public static TrustedCa of(
      X509Certificate certificate, boolean autoProvisioning, Optional<String> template) {
    return new TrustedCa(
        certificate.getSubjectX500Principal(),
        certificate.getPublicKey(),
        Optional.of(certificate.getNotBefore().toInstant()),
        Optional.of(certificate.getNotAfter().toInstant()),
        autoProvisioning,
        template);
  }

  /**
   * Decodes a public key as Hono stores it: the DER {@code SubjectPublicKeyInfo}.
   *
   * @param algorithm {@code RSA} or {@code EC}; when empty both are tried
   */
  public static PublicKey publicKey(byte[] der, Optional<String> algorithm) {
    for (String candidate :
        algorithm.map(java.util.List::of).orElse(java.util.List.of("RSA", "EC"))) {
      try {
        return KeyFactory.getInstance(candidate).generatePublic(new X509EncodedKeySpec(der));
      } catch (InvalidKeySpecException e) {
        // try the next algorithm
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalArgumentException("unsupported key algorithm: " + candidate, e);
      }
    }
    throw new IllegalArgumentException("public-key is not an RSA or EC SubjectPublicKeyInfo");
  }

  /** The subject DN in RFC 2253 form, as device certificates' issuer DN is compared. */
  public String subjectDn() {
    return subject.getName(X500Principal.RFC2253);
  }

  /** The key algorithm, e.g. {@code RSA} or {@code EC}. */
  public String algorithm() {
    return publicKey.getAlgorithm();
  }

  /** True if the entry may be used at that instant. */
  public boolean validAt(Instant at) {
    return notBefore.map(nb -> !at.isBefore(nb)).orElse(true)
        && notAfter.map(na -> !at.isAfter(na)).orElse(true);
  }

  TrustAnchor trustAnchor() {
    return new TrustAnchor(subject, publicKey, null);
  }
}
