package io.twinwright.adapters.coap;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.command.Command;
import io.twinwright.adapters.command.CommandResponse;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoapAdapterTest {

  private static final DeviceId SENSOR = DeviceId.of("acme", "sensor-1");
  private static final DeviceId GATEWAY = DeviceId.of("acme", "gw-1");
  private static final DeviceId BEHIND_GATEWAY = DeviceId.of("acme", "lora-7");
  private static final DeviceId NOT_BEHIND_GATEWAY = DeviceId.of("acme", "lora-8");
  private static final String PROFILE = "acme-thermo-v1";
  private static final byte[] SENSOR_KEY = "sensor-1-secret-key".getBytes(StandardCharsets.UTF_8);
  private static final byte[] GATEWAY_KEY = "gateway-secret-key".getBytes(StandardCharsets.UTF_8);
  private static final int MAX_PAYLOAD = 256;

  private final AdapterConfig config =
      Fixtures.config().withCoapPorts(0, 0).withMaxPayloadBytes(MAX_PAYLOAD);
  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private final Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
  private final RecordingCommands commands = new RecordingCommands();
  private final List<CoapClient> clients = new ArrayList<>();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;
  private CoapAdapter adapter;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(SENSOR, Registration.of(PROFILE, "urn:tm:thermo")));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.psk("sensor-1", SENSOR_KEY))));
    await(registry.createDevice(GATEWAY, Registration.enabledDevice()));
    await(registry.setCredentials(GATEWAY, List.of(CredentialSpec.psk("gw-1", GATEWAY_KEY))));
    await(
        registry.createDevice(
            BEHIND_GATEWAY,
            new Registration(true, List.of("gw-1"), Map.of(Registration.EXT_PROFILE, PROFILE))));
    await(registry.createDevice(NOT_BEHIND_GATEWAY, Registration.enabledDevice()));
    adapter = startAdapter(config);
  }

  private CoapAdapter startAdapter(AdapterConfig adapterConfig) {
    CoapAdapter started =
        new CoapAdapter(vertx, adapterConfig, registry, downstream, commands, listener);
    await(started.start());
    return started;
  }

  @AfterEach
  void stop() {
    clients.forEach(CoapDevices::close);
    await(adapter.stop());
    await(vertx.close());
    mongo.close();
  }

  private CoapClient sensor(String path) {
    return track(CoapDevices.dtls(adapter.coapsPort(), path, "sensor-1@acme", SENSOR_KEY));
  }

  private CoapClient gateway(String path) {
    return track(CoapDevices.dtls(adapter.coapsPort(), path, "gw-1@acme", GATEWAY_KEY));
  }

  private CoapClient plain(String path) {
    return track(CoapDevices.plain(adapter.coapPort(), path));
  }

  private CoapClient track(CoapClient client) {
    clients.add(client);
    return client;
  }

  private static CoapResponse post(CoapClient client, String payload) throws Exception {
    CoapResponse response = client.post(payload, MediaTypeRegistry.APPLICATION_JSON);
    assertThat(response).withFailMessage("no response").isNotNull();
    return response;
  }

  private static CoapResponse put(CoapClient client, String payload) throws Exception {
    CoapResponse response = client.put(payload, MediaTypeRegistry.APPLICATION_JSON);
    assertThat(response).withFailMessage("no response").isNotNull();
    return response;
  }

  @Test
  void confirmable_telemetry_over_dtls_is_answered_2_04_once_durable() throws Exception {
    downstream.holdReplies();
    CoapClient client = sensor("/telemetry");

    CompletableFuture<CoapResponse> answer =
        CompletableFuture.supplyAsync(() -> unchecked(() -> post(client, "{\"temp\": 21.5}")));
    Promise<Void> durable = downstream.nextPending();
    DeviceMessage message = downstream.next();
    assertThat(answer).withFailMessage("answered before the message was durable").isNotDone();
    durable.complete();

    assertThat(answer.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(message.device()).isEqualTo(SENSOR);
    assertThat(message.channel()).isEqualTo(Channel.TELEMETRY);
    assertThat(message.qos()).isEqualTo(1);
    assertThat(message.contentType()).isEqualTo("application/json");
    assertThat(message.profile()).isEqualTo(PROFILE);
    assertThat(new String(message.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"temp\": 21.5}");
    assertThat(adapter.messagesAccepted()).isEqualTo(1);
    // a handshake is no connection: CoAP devices count as connected only while waiting for commands
    assertThat(listener.all).noneMatch(seen -> seen.kind().equals("connected"));
  }

  @Test
  void non_confirmable_telemetry_is_at_most_once_and_events_go_by_short_name() throws Exception {
    CoapClient client = sensor("/t").useNONs();
    assertThat(post(client, "{}").getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(downstream.next().qos()).isZero();

    CoapClient events = sensor("/e");
    assertThat(post(events, "{\"alarm\": true}").getCode()).isEqualTo(ResponseCode.CHANGED);
    DeviceMessage event = downstream.next();
    assertThat(event.channel()).isEqualTo(Channel.EVENT);
    assertThat(event.qos()).isEqualTo(1);

    CoapResponse nonEvent = post(sensor("/event").useNONs(), "{}");
    assertThat(nonEvent.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
  }

  @Test
  void empty_payload_needs_the_empty_query() throws Exception {
    assertThat(post(sensor("/t"), "").getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
    assertThat(post(sensor("/t?empty"), "").getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(downstream.next().contentType())
        .isEqualTo("application/vnd.eclipse-hono-empty-notification");
  }

  @Test
  void plain_coap_without_authentication_is_refused_4_01() throws Exception {
    assertThat(post(plain("/telemetry"), "{}").getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
    // the unauthenticated form is off by default
    CoapResponse named = put(plain("/telemetry/acme/sensor-1"), "{}");
    assertThat(named.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
    assertThat(named.getResponseText()).contains("DTLS");
    assertThat(downstream.received).isEmpty();
    assertThat(adapter.messagesRejected()).isEqualTo(2);
  }

  @Test
  void unauthenticated_form_works_only_when_allowed_and_still_refuses_quarantine()
      throws Exception {
    await(adapter.stop());
    adapter = startAdapter(config.withCoapAllowUnauthenticated(true));

    assertThat(put(plain("/telemetry/acme/sensor-1"), "{}").getCode())
        .isEqualTo(ResponseCode.CHANGED);
    assertThat(downstream.next().device()).isEqualTo(SENSOR);
    assertThat(put(plain("/t/acme/nobody"), "{}").getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    assertThat(put(plain("/t/acme/bad%20id"), "{}").getCode()).isEqualTo(ResponseCode.BAD_REQUEST);

    await(registry.setQuarantined(SENSOR, true));
    assertThat(put(plain("/t/acme/sensor-1"), "{}").getCode()).isEqualTo(ResponseCode.FORBIDDEN);
  }

  @Test
  void quarantined_or_disabled_device_is_refused_4_03_over_dtls() throws Exception {
    CoapClient client = sensor("/telemetry");
    assertThat(post(client, "{}").getCode()).isEqualTo(ResponseCode.CHANGED);
    downstream.next();

    await(registry.setQuarantined(SENSOR, true));
    CoapResponse refused = post(client, "{}");
    assertThat(refused.getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(listener.next("auth-failed").device()).contains(SENSOR);

    await(registry.setQuarantined(SENSOR, false));
    await(
        registry.updateRegistration(
            SENSOR, Registration.of(PROFILE, "urn:tm:thermo").withEnabled(false)));
    assertThat(post(client, "{}").getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void payload_over_the_limit_is_refused_4_13() throws Exception {
    // fits one datagram: the adapter's own check
    CoapResponse single = post(sensor("/t"), "x".repeat(MAX_PAYLOAD + 100));
    assertThat(single.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    // sent block-wise: Californium refuses it while reassembling
    CoapResponse blockwise = post(sensor("/t"), "x".repeat(4000));
    assertThat(blockwise.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void unknown_resources_and_methods_are_refused() throws Exception {
    assertThat(post(sensor("/nothing"), "{}").getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    assertThat(post(sensor("/t/acme"), "{}").getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    CoapResponse get = sensor("/t").get();
    assertThat(get.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
    assertThat(post(sensor("/t?hono-ttd=soon"), "{}").getCode())
        .isEqualTo(ResponseCode.BAD_REQUEST);
  }

  @Test
  void dtls_with_the_wrong_key_or_an_unknown_identity_never_gets_through() throws Exception {
    CoapClient wrongKey =
        track(
            CoapDevices.dtls(
                adapter.coapsPort(),
                "/t",
                "sensor-1@acme",
                "not-the-right-key".getBytes(StandardCharsets.UTF_8)));
    assertHandshakeFails(wrongKey);
    Fixtures.Seen refused = listener.next("auth-failed");
    assertThat(refused.authId()).isEqualTo("sensor-1");
    assertThat(refused.device()).contains(SENSOR);

    CoapClient unknown =
        track(CoapDevices.dtls(adapter.coapsPort(), "/t", "ghost@acme", SENSOR_KEY));
    assertHandshakeFails(unknown);
    assertThat(downstream.received).isEmpty();
    assertThat(listener.all).noneMatch(seen -> seen.kind().equals("connected"));
  }

  private static void assertHandshakeFails(CoapClient client) throws Exception {
    CoapResponse response;
    try {
      response = client.post("{}", MediaTypeRegistry.APPLICATION_JSON);
    } catch (java.io.IOException
        | org.eclipse.californium.elements.exception.ConnectorException e) {
      return; // the handshake failure surfaced as an exception
    }
    assertThat(response).withFailMessage("a request got through: %s", response).isNull();
  }

  @Test
  void gateway_publishes_for_its_devices_only() throws Exception {
    CoapResponse forOwn = put(gateway("/telemetry/acme/lora-7"), "{\"temp\": 3}");
    assertThat(forOwn.getCode()).isEqualTo(ResponseCode.CHANGED);
    DeviceMessage message = downstream.next();
    assertThat(message.device()).isEqualTo(BEHIND_GATEWAY);
    assertThat(message.profile()).isEqualTo(PROFILE);

    assertThat(put(gateway("/t/acme/lora-8"), "{}").getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(put(gateway("/t/other/lora-7"), "{}").getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(put(gateway("/t/acme/ghost"), "{}").getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    // a device is not a gateway of another device
    assertThat(put(sensor("/t/acme/lora-7"), "{}").getCode()).isEqualTo(ResponseCode.FORBIDDEN);

    await(registry.setQuarantined(BEHIND_GATEWAY, true));
    assertThat(put(gateway("/t/acme/lora-7"), "{}").getCode()).isEqualTo(ResponseCode.FORBIDDEN);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void ttd_request_gets_a_command_and_the_response_is_routed() throws Exception {
    CoapClient client = sensor("/telemetry?hono-ttd=10");
    CompletableFuture<CoapResponse> answer =
        CompletableFuture.supplyAsync(() -> unchecked(() -> post(client, "{\"temp\": 1}")));
    downstream.next();
    commands.awaitSubscription(SENSOR);

    Future<Void> delivered =
        commands.send(
            new Command(
                1,
                SENSOR,
                "setInterval",
                Optional.of("req-42"),
                "application/json",
                "{\"seconds\": 30}".getBytes(StandardCharsets.UTF_8),
                Instant.now().plusSeconds(60)));

    CoapResponse response = answer.get(10, TimeUnit.SECONDS);
    assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
    assertThat(response.getResponseText()).isEqualTo("{\"seconds\": 30}");
    assertThat(response.getOptions().getContentFormat())
        .isEqualTo(MediaTypeRegistry.APPLICATION_JSON);
    assertThat(response.getOptions().getLocationPathString()).isEqualTo("command_response/req-42");
    assertThat(response.getOptions().getLocationQueryString())
        .isEqualTo("hono-command=setInterval");
    await(delivered);

    CoapResponse routed =
        post(sensor("/command_response/req-42?hono-cmd-status=200"), "{\"ok\": true}");
    assertThat(routed.getCode()).isEqualTo(ResponseCode.CHANGED);
    CommandResponse received = commands.nextResponse();
    assertThat(received.device()).isEqualTo(SENSOR);
    assertThat(received.requestId()).isEqualTo("req-42");
    assertThat(received.status()).isEqualTo(200);
    assertThat(new String(received.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\": true}");

    assertThat(post(sensor("/cr/req-42?hono-cmd-status=200"), "{}").getCode())
        .isEqualTo(ResponseCode.NOT_FOUND);
    assertThat(post(sensor("/cr/req-43?hono-cmd-status=999"), "{}").getCode())
        .isEqualTo(ResponseCode.BAD_REQUEST);
    assertThat(post(sensor("/cr/req-43"), "{}").getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
  }

  @Test
  void ttd_without_a_command_ends_with_2_04_and_the_wait_is_withdrawn() throws Exception {
    CoapClient client = sensor("/t?hono-ttd=1");
    CoapResponse response = post(client, "{}");
    assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
    assertThat(response.getPayloadSize()).isZero();
    assertThat(commands.hasConsumer(SENSOR)).isFalse();
  }

  @Test
  void gateway_waiting_for_a_device_gets_its_one_way_command_with_the_device_in_the_path()
      throws Exception {
    CoapClient client = gateway("/t/acme/lora-7?hono-ttd=10").useNONs();
    CompletableFuture<CoapResponse> answer =
        CompletableFuture.supplyAsync(() -> unchecked(() -> put(client, "{}")));
    commands.awaitSubscription(BEHIND_GATEWAY);
    Future<Void> delivered =
        commands.send(
            new Command(
                2,
                BEHIND_GATEWAY,
                "reboot",
                Optional.empty(),
                "application/octet-stream",
                new byte[0],
                Instant.now().plusSeconds(60)));
    CoapResponse response = answer.get(10, TimeUnit.SECONDS);
    assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
    assertThat(response.getOptions().getLocationPathString()).isEqualTo("c/acme/lora-7");
    assertThat(response.getOptions().getLocationQueryString()).isEqualTo("hono-command=reboot");
    await(delivered);
  }

  @Test
  void a_restarted_adapter_serves_again() throws Exception {
    assertThat(adapter.coapsPort()).isPositive();
    await(adapter.stop());
    assertThat(adapter.coapsPort()).isZero();
    adapter = startAdapter(config);
    assertThat(post(sensor("/t"), "{}").getCode()).isEqualTo(ResponseCode.CHANGED);
  }

  private interface Call<T> {
    T run() throws Exception;
  }

  private static <T> T unchecked(Call<T> call) {
    try {
      return call.run();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
