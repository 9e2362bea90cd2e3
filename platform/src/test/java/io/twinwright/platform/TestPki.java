package io.twinwright.platform;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made in the test: CAs, device certificates and a server certificate (EC P-256). */
final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());
  private static final char[] PASSWORD = "changeit".toCharArray();

  private TestPki() {}

  /** A key pair and its certificate, with the chain up to (excluding) the root. */
  public record Issued(KeyPair keys, X509Certificate certificate, X509Certificate issuer) {

    /** Key material for a TLS client presenting this certificate and its issuer. */
    public KeyManagerFactory keyManagers() {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
            "device", keys.getPrivate(), PASSWORD, new X509Certificate[] {certificate, issuer});
        KeyManagerFactory factory =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, PASSWORD);
        return factory;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** A trust store holding only this certificate (for clients checking the server). */
    public TrustManagerFactory trustManagers() {
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", certificate);
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Writes the certificate and key as PEM files; returns {@code [cert, key]}. */
    public Path[] writePem(Path dir, String name) {
      try {
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        Files.writeString(cert, pem(certificate));
        // PKCS#8, which every PEM reader takes
        Files.writeString(
            key,
            "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(
                        64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new Path[] {cert, key};
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public String subjectDn() {
      return certificate.getSubjectX500Principal().getName();
    }
  }

  /** A self-signed CA. */
  public static Issued ca(String dn) {
    KeyPair keys = keys();
    X509Certificate cert = sign(name(dn), keys, name(dn), keys, true, Duration.ofDays(365), false);
    return new Issued(keys, cert, cert);
  }

  /** A device (client) certificate signed by the CA. */
  public static Issued device(Issued ca, String dn) {
    KeyPair keys = keys();
    X509Certificate cert =
        sign(
            name(dn),
            keys,
            X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
            ca.keys(),
            false,
            Duration.ofDays(30),
            false);
    return new Issued(keys, cert, ca.certificate());
  }

  /** A server certificate for 127.0.0.1 and localhost, signed by the CA. */
  public static Issued server(Issued ca) {
    KeyPair keys = keys();
    X509Certificate cert =
        sign(
            name("CN=localhost"),
            keys,
            X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
            ca.keys(),
            false,
            Duration.ofDays(30),
            true);
    return new Issued(keys, cert, ca.certificate());
  }

  public static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  // through X500Principal: BouncyCastle's own parser keeps the string's order, RFC 2253 reverses it
  private static X500Name name(String dn) {
    return X500Name.getInstance(new javax.security.auth.x500.X500Principal(dn).getEncoded());
  }

  private static KeyPair keys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(
      X500Name subject,
      KeyPair subjectKeys,
      X500Name issuer,
      KeyPair issuerKeys,
      boolean ca,
      Duration validity,
      boolean server) {
    Instant now = Instant.now();
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(Duration.ofMinutes(5))),
              Date.from(now.plus(validity)),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              ca
                  ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                  : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      if (server) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                  new GeneralName(GeneralName.dNSName, "localhost")
                }));
      }
      ContentSigner signer =
          new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
