package io.twinwright.adapters.http;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hono's gateway forms of the HTTP adapter: {@code PUT /telemetry/<tenant>/<device>}. */
class HttpGatewayTest {

  private static final DeviceId GATEWAY = DeviceId.of("acme", "gw-1");
  private static final DeviceId PROVISIONER = DeviceId.of("acme", "gw-2");
  private static final DeviceId BEHIND = DeviceId.of("acme", "thermo-1");

  private final AdapterConfig config = Fixtures.config();
  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private final Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;
  private HttpAdapter adapter;
  private WebClient client;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(registry.createDevice(GATEWAY, Registration.enabledDevice()));
    await(registry.setCredentials(GATEWAY, List.of(CredentialSpec.password("gw-1", "gw-pw"))));
    await(
        registry.createDevice(
            PROVISIONER,
            new Registration(
                true,
                List.of(),
                Map.of(),
                Map.of(),
                Set.of(Registration.AUTO_PROVISIONING_ENABLED))));
    await(registry.setCredentials(PROVISIONER, List.of(CredentialSpec.password("gw-2", "gw2-pw"))));
    await(
        registry.createDevice(
            BEHIND,
            new Registration(
                true, List.of("gw-1"), Map.of(Registration.EXT_PROFILE, "acme-thermo-v1"))));
    await(registry.createDevice(DeviceId.of("acme", "thermo-2"), Registration.enabledDevice()));
    await(
        registry.createDevice(
            DeviceId.of("beta", "thermo-1"), new Registration(true, List.of("gw-1"), Map.of())));
    adapter = new HttpAdapter(vertx, config, registry, downstream, listener);
    int port = await(adapter.start());
    client =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stop() {
    client.close();
    await(adapter.stop());
    await(vertx.close());
    mongo.close();
  }

  private HttpResponse<Buffer> put(String path, String user, String password) {
    return await(
        client
            .request(HttpMethod.PUT, path)
            .basicAuthentication(user, password)
            .putHeader("content-type", "application/json")
            .sendBuffer(Buffer.buffer("{\"t\":21}")));
  }

  @Test
  void accepts_telemetry_and_events_a_gateway_sends_for_a_device_behind_it() throws Exception {
    assertThat(put("/telemetry/acme/thermo-1", "gw-1@acme", "gw-pw").statusCode()).isEqualTo(202);
    DeviceMessage telemetry = downstream.next();
    assertThat(put("/event/acme/thermo-1", "gw-1@acme", "gw-pw").statusCode()).isEqualTo(202);
    DeviceMessage event = downstream.next();

    assertThat(telemetry.device()).isEqualTo(BEHIND);
    assertThat(telemetry.profile()).isEqualTo("acme-thermo-v1");
    assertThat(telemetry.channel()).isEqualTo(Channel.TELEMETRY);
    assertThat(event.device()).isEqualTo(BEHIND);
    assertThat(event.channel()).isEqualTo(Channel.EVENT);
    assertThat(event.qos()).isEqualTo(1);
  }

  @Test
  void answers_403_for_a_device_that_does_not_name_the_gateway() {
    assertThat(put("/telemetry/acme/thermo-2", "gw-1@acme", "gw-pw").statusCode()).isEqualTo(403);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void answers_403_for_another_tenant_even_if_a_device_there_names_the_gateway() {
    assertThat(put("/telemetry/beta/thermo-1", "gw-1@acme", "gw-pw").statusCode()).isEqualTo(403);
    assertThat(put("/event/beta/thermo-1", "gw-1@acme", "gw-pw").statusCode()).isEqualTo(403);
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void answers_404_for_an_unknown_device_unless_the_gateway_may_provision_it() throws Exception {
    assertThat(put("/telemetry/acme/new-1", "gw-1@acme", "gw-pw").statusCode()).isEqualTo(404);
    assertThat(registry.device(DeviceId.of("acme", "new-1"))).isEmpty();

    assertThat(put("/telemetry/acme/new-1", "gw-2@acme", "gw2-pw").statusCode()).isEqualTo(202);
    assertThat(downstream.next().device()).isEqualTo(DeviceId.of("acme", "new-1"));
    assertThat(registry.device(DeviceId.of("acme", "new-1")).orElseThrow().registration().via())
        .containsExactly("gw-2");
    assertThat(listener.next("provisioned").device()).contains(DeviceId.of("acme", "new-1"));
  }

  @Test
  void still_checks_the_gateways_own_credentials() {
    assertThat(put("/telemetry/acme/thermo-1", "gw-1@acme", "wrong").statusCode()).isEqualTo(401);
    assertThat(downstream.received).isEmpty();
  }
}
