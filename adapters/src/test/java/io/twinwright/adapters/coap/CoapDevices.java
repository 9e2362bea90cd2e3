package io.twinwright.adapters.coap;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * Californium clients as devices use them: plain CoAP, or DTLS with a PSK identity and key. Each
 * client has its own endpoint (no shared default endpoint, no properties file written).
 */
final class CoapDevices {

  private CoapDevices() {}

  static Configuration settings() {
    Configuration settings =
        new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
    settings.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
    // a refused handshake should fail the test quickly, not after Californium's patient retries
    settings.set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, 1);
    settings.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, 1, TimeUnit.SECONDS);
    return settings;
  }

  static CoapClient plain(int port, String path) {
    Configuration settings = settings();
    CoapClient client = new CoapClient(URI.create("coap://127.0.0.1:" + port + path));
    client.setEndpoint(new CoapEndpoint.Builder().setConfiguration(settings).build());
    client.setTimeout(10_000L);
    return client;
  }

  static CoapClient dtls(int port, String path, String identity, byte[] key) {
    Configuration settings = settings();
    DtlsConnectorConfig dtls =
        new DtlsConnectorConfig.Builder(settings)
            .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key))
            .build();
    CoapClient client = new CoapClient(URI.create("coaps://127.0.0.1:" + port + path));
    client.setEndpoint(
        new CoapEndpoint.Builder()
            .setConfiguration(settings)
            .setConnector(new DTLSConnector(dtls))
            .build());
    client.setTimeout(10_000L);
    return client;
  }

  /** Shuts the client and its endpoint down. */
  static void close(CoapClient client) {
    client.getEndpoint().destroy();
    client.shutdown();
  }
}
