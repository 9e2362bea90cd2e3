package io.twinwright.adapters.mqtt;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * Lets every client certificate chain through the TLS handshake. The adapter verifies the chain
 * itself once CONNECT arrives, against the trusted CAs of the tenant that the issuer names (as Hono
 * does); at handshake time the tenant, and so the trust anchors, are not known yet. Never used to
 * check servers.
 */
final class AnyClientChain implements X509TrustManager {

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
    // verified after the handshake, see the class comment
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws java.security.cert.CertificateException {
    throw new java.security.cert.CertificateException("not a client-side trust manager");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
