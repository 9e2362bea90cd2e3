package io.twinwright.adapters.mqtt;

import static io.twinwright.adapters.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.Fixtures;
import io.twinwright.adapters.TestPki;
import io.twinwright.adapters.registry.CredentialSpec;
import io.twinwright.adapters.registry.Credentials;
import io.twinwright.adapters.registry.Device;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.adapters.registry.Registration;
import io.twinwright.adapters.registry.Tenant;
import io.twinwright.adapters.registry.TrustedCa;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.DeviceMessage;
import io.twinwright.twin.TenantId;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The MQTT adapter's TLS endpoint, with passwords and with client certificates. */
class MqttTlsTest {

  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId FLEET = TenantId.of("fleet");
  private static final DeviceId SENSOR = new DeviceId(ACME, "sensor-1");
  private static final DeviceId CAMERA = new DeviceId(ACME, "cam-1");
  private static final String DEFAULT_MODEL = "urn:tm:fleet-default";

  private static final TestPki.Issued SERVER_CA = TestPki.ca("CN=Test Server CA");
  private static final TestPki.Issued SERVER = TestPki.server(SERVER_CA);
  private static final TestPki.Issued ACME_CA = TestPki.ca("CN=Acme Devices CA,O=Acme");
  private static final TestPki.Issued FLEET_CA = TestPki.ca("CN=Fleet Factory CA,O=Fleet");

  enum Version {
    MQTT_3_1_1,
    MQTT_5
  }

  @TempDir Path dir;
  private final Fixtures.RecordingDownstream downstream = new Fixtures.RecordingDownstream();
  private final Fixtures.RecordingListener listener = new Fixtures.RecordingListener();
  private final List<Runnable> cleanup = new ArrayList<>();
  private Vertx vertx;
  private Fixtures.Mongo mongo;
  private DeviceRegistry registry;
  private MqttAdapter adapter;

  @BeforeEach
  void start() {
    Path[] pem = SERVER.writePem(dir, "server");
    AdapterConfig config = Fixtures.config().withTls(0, pem[0], pem[1]);
    vertx = Vertx.vertx();
    mongo = new Fixtures.Mongo();
    registry = new DeviceRegistry(vertx, mongo.database(), config);
    await(registry.start());
    await(
        registry.createTenant(
            new Tenant(
                ACME,
                true,
                List.of(TrustedCa.of(ACME_CA.certificate(), false, Optional.empty())),
                Map.of())));
    await(
        registry.createTenant(
            new Tenant(
                FLEET,
                true,
                List.of(TrustedCa.of(FLEET_CA.certificate(), true, Optional.empty())),
                Map.of(Tenant.EXT_DEFAULT_MODEL, DEFAULT_MODEL))));
    await(registry.createDevice(SENSOR, Registration.of("acme-thermo-v1", "urn:tm:thermo")));
    await(registry.setCredentials(SENSOR, List.of(CredentialSpec.password("sensor-1", "s3cret"))));
    await(registry.createDevice(CAMERA, Registration.of("acme-cam-v1", "urn:tm:cam")));
    await(registry.setCredentials(CAMERA, List.of(CredentialSpec.certificate("CN=cam-1, O=Acme"))));
    adapter = new MqttAdapter(vertx, config, registry, downstream, listener);
    await(vertx.deployVerticle(adapter));
  }

  @AfterEach
  void stop() {
    cleanup.forEach(Runnable::run);
    await(vertx.close());
    mongo.close();
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void a_password_login_works_over_tls(Version version) throws Exception {
    Client device = client(version, Optional.empty());

    assertThat(device.connect("sensor-1@acme", "s3cret")).isZero();
    device.publish("telemetry", "{\"t\":1}");

    assertThat(downstream.next().device()).isEqualTo(SENSOR);
    assertThat(adapter.actualTlsPort()).isNotEqualTo(adapter.actualPort());
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void a_registered_client_certificate_logs_in_without_a_user_name(Version version)
      throws Exception {
    Client camera = client(version, Optional.of(TestPki.device(ACME_CA, "CN=cam-1,O=Acme")));

    assertThat(camera.connect(null, null)).isZero();
    camera.publish("event", "{\"motion\":true}");

    DeviceMessage message = downstream.next();
    assertThat(message.device()).isEqualTo(CAMERA);
    assertThat(message.profile()).isEqualTo("acme-cam-v1");
    assertThat(listener.next("connected").device()).contains(CAMERA);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void refuses_certificates_no_tenant_trusts(Version version) {
    int bad = version == Version.MQTT_5 ? 0x86 : 4;
    TestPki.Issued unknownCa = TestPki.ca("CN=Somebody Else");
    // same name as the CA acme trusts, but another key: the signature gives it away
    TestPki.Issued impostorCa = TestPki.ca("CN=Acme Devices CA,O=Acme");

    assertThat(
            client(version, Optional.of(TestPki.device(unknownCa, "CN=cam-1,O=Acme")))
                .connect(null, null))
        .isEqualTo(bad);
    assertThat(
            client(version, Optional.of(TestPki.device(impostorCa, "CN=cam-1,O=Acme")))
                .connect(null, null))
        .isEqualTo(bad);
    assertThat(adapter.connectionCount()).isZero();
    assertThat(downstream.received).isEmpty();
  }

  @Test
  void refuses_an_unregistered_certificate_when_its_ca_does_not_provision() {
    Client stranger =
        client(Version.MQTT_5, Optional.of(TestPki.device(ACME_CA, "CN=cam-9,O=Acme")));

    assertThat(stranger.connect(null, null)).isEqualTo(0x86);
    assertThat(registry.device(new DeviceId(ACME, "cam-9"))).isEmpty();
  }

  @Test
  void refuses_a_disabled_certificate_as_not_authorized() {
    await(
        registry.setCredentials(
            CAMERA,
            List.of(
                new CredentialSpec(
                    CredentialSpec.X509_CERT, "CN=cam-1,O=Acme", false, List.of()))));
    Client camera =
        client(Version.MQTT_3_1_1, Optional.of(TestPki.device(ACME_CA, "CN=cam-1,O=Acme")));

    assertThat(camera.connect(null, null)).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(Version.class)
  void provisions_an_unknown_device_whose_ca_has_auto_provisioning(Version version)
      throws Exception {
    String name = "pump-" + version.ordinal();
    TestPki.Issued certificate = TestPki.device(FLEET_CA, "CN=" + name + ",OU=Line 4,O=Fleet");
    DeviceId expected = new DeviceId(FLEET, name);

    Client pump = client(version, Optional.of(certificate));
    assertThat(pump.connect(null, null)).isZero();
    pump.publish("telemetry", "{\"rpm\":1200}");

    assertThat(downstream.next().device()).isEqualTo(expected);
    Fixtures.Seen provisioned = listener.next("provisioned");
    assertThat(provisioned.device()).contains(expected);
    assertThat(provisioned.authId()).contains("CN=" + name);
    Device device = registry.device(expected).orElseThrow();
    assertThat(device.registration().model()).contains(DEFAULT_MODEL);
    assertThat(device.registration().via()).isEmpty();
    assertThat(registry.credentials(expected))
        .extracting(Credentials::type, Credentials::authId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                CredentialSpec.X509_CERT, "CN=" + name + ",OU=Line 4,O=Fleet"));

    // the second connection finds the registered device and provisions nothing
    pump.close();
    Client again = client(version, Optional.of(certificate));
    assertThat(again.connect(null, null)).isZero();
    again.publish("t", "{\"rpm\":1300}");
    assertThat(downstream.next().device()).isEqualTo(expected);
    assertThat(listener.all).filteredOn(s -> s.kind().equals("provisioned")).hasSize(1);
  }

  // ---- clients

  private Client client(Version version, Optional<TestPki.Issued> certificate) {
    MqttClientSslConfig ssl =
        certificate
            .map(
                c ->
                    MqttClientSslConfig.builder()
                        .trustManagerFactory(SERVER_CA.trustManagers())
                        .keyManagerFactory(c.keyManagers())
                        .build())
            .orElseGet(
                () ->
                    MqttClientSslConfig.builder()
                        .trustManagerFactory(SERVER_CA.trustManagers())
                        .build());
    Client client =
        version == Version.MQTT_5
            ? new V5(adapter.actualTlsPort(), ssl)
            : new V3(adapter.actualTlsPort(), ssl);
    cleanup.add(client::close);
    return client;
  }

  private interface Client {
    /** Connects, with a user name only if one is given; returns the CONNACK code. */
    int connect(String user, String password);

    /** Publishes with QoS 1 and waits for the PUBACK. */
    void publish(String topic, String payload) throws Exception;

    void close();
  }

  private static final class V3 implements Client {
    private final Mqtt3AsyncClient client;

    V3(int port, MqttClientSslConfig ssl) {
      client = MqttTestClients.local(port).useMqttVersion3().sslConfig(ssl).buildAsync();
    }

    @Override
    public int connect(String user, String password) {
      var connect = client.connectWith();
      try {
        (user == null
                ? connect.send()
                : connect
                    .simpleAuth()
                    .username(user)
                    .password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .send())
            .get(10, TimeUnit.SECONDS);
        return 0;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Mqtt3ConnAckException refused) {
          return refused.getMqttMessage().getReturnCode().getCode();
        }
        throw new AssertionError(e);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void publish(String topic, String payload) throws Exception {
      client
          .publishWith()
          .topic(topic)
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(payload.getBytes(StandardCharsets.UTF_8))
          .send()
          .get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      if (client.getState().isConnected()) {
        client.disconnect();
      }
    }
  }

  private static final class V5 implements Client {
    private final Mqtt5AsyncClient client;

    V5(int port, MqttClientSslConfig ssl) {
      client = MqttTestClients.local(port).useMqttVersion5().sslConfig(ssl).buildAsync();
    }

    @Override
    public int connect(String user, String password) {
      var connect = client.connectWith();
      try {
        (user == null
                ? connect.send()
                : connect
                    .simpleAuth()
                    .username(user)
                    .password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                    .send())
            .get(10, TimeUnit.SECONDS);
        return 0;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Mqtt5ConnAckException refused) {
          return refused.getMqttMessage().getReasonCode().getCode();
        }
        throw new AssertionError(e);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void publish(String topic, String payload) throws Exception {
      var result =
          client
              .publishWith()
              .topic(topic)
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload(payload.getBytes(StandardCharsets.UTF_8))
              .send()
              .get(10, TimeUnit.SECONDS);
      if (result.getError().isPresent()) {
        throw new AssertionError(result.getError().get());
      }
    }

    @Override
    public void close() {
      if (client.getState().isConnected()) {
        client.disconnect();
      }
    }
  }
}
