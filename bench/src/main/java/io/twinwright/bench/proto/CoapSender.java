package io.twinwright.bench.proto;

import io.twinwright.bench.ProtoLoadConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * Confirmable {@code POST /telemetry} over DTLS-PSK: each device has its own endpoint (its own UDP
 * socket and DTLS session, identity {@code id@tenant}); all endpoints share two small thread pools
 * so the generator's threads do not grow with the fleet.
 */
final class CoapSender implements Sender {
  private final List<CoapClient> clients = new ArrayList<>();
  private final ScheduledExecutorService protocolThreads;
  private final ScheduledExecutorService timerThreads;
  private final URI uri;

  CoapSender(ProtoLoadConfig config) {
    this.uri = URI.create("coaps://" + config.host() + ":" + config.port() + "/telemetry");
    this.protocolThreads =
        ExecutorsUtil.newScheduledThreadPool(2, new NamedThreadFactory("coap-bench#"));
    this.timerThreads = ExecutorsUtil.newDefaultSecondaryScheduler("coap-bench-timer#");
    for (int i = 0; i < config.devices(); i++) {
      String deviceId = config.deviceId(i);
      Configuration settings =
          new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
      settings.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
      settings.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
      settings.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
      // several requests of one device may be outstanding at once
      settings.set(CoapConfig.NSTART, config.inFlight());
      settings.set(CoapConfig.EXCHANGE_LIFETIME, 30, TimeUnit.SECONDS);
      DtlsConnectorConfig dtls =
          DtlsConnectorConfig.builder(settings)
              .setAdvancedPskStore(
                  new AdvancedSinglePskStore(config.login(deviceId), config.pskOf(deviceId)))
              .build();
      CoapEndpoint endpoint =
          new CoapEndpoint.Builder()
              .setConfiguration(settings)
              .setConnector(new DTLSConnector(dtls))
              .build();
      endpoint.setExecutors(protocolThreads, timerThreads);
      CoapClient client = new CoapClient(uri);
      client.setEndpoint(endpoint);
      clients.add(client);
    }
  }

  @Override
  public String accepted() {
    return "2.04";
  }

  @Override
  public CompletionStage<String> send(int device, byte[] payload) {
    CompletableFuture<String> status = new CompletableFuture<>();
    Request request = Request.newPost();
    request.setURI(uri);
    request.setPayload(payload);
    request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
    clients
        .get(device)
        .advanced(
            new CoapHandler() {
              @Override
              public void onLoad(CoapResponse response) {
                status.complete(response.getCode().toString());
              }

              @Override
              public void onError() {
                status.complete(
                    request.isTimedOut()
                        ? "error: timeout"
                        : request.getSendError() != null
                            ? "error: " + request.getSendError().getClass().getSimpleName()
                            : "error: rejected or cancelled");
              }
            },
            request);
    return status;
  }

  @Override
  public void close() {
    for (CoapClient client : clients) {
      client.getEndpoint().destroy();
      client.shutdown();
    }
    ExecutorsUtil.shutdownExecutorGracefully(1_000, protocolThreads, timerThreads);
  }
}
