package io.twinwright.platform.wiring;

import io.twinwright.adapters.AdapterConfig;
import io.twinwright.adapters.DeviceEventListener;
import io.twinwright.adapters.Downstream;
import io.twinwright.adapters.command.CommandGateway;
import io.twinwright.adapters.limits.DeviceLimits;
import io.twinwright.adapters.mqtt.MqttAdapter;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.twin.DeviceId;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The MQTT adapter deployed as several verticle instances sharing one port, so device connections
 * are spread over that many event loops (Vert.x balances new connections between them).
 */
public final class MqttEndpoints {
  private final Vertx vertx;
  private final List<MqttAdapter> instances = new CopyOnWriteArrayList<>();
  private final List<String> deployments = new CopyOnWriteArrayList<>();

  public MqttEndpoints(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Deploys {@code count} instances sharing the configured port (0 = any free port).
   *
   * @return the port they listen on
   */
  public Future<Integer> start(
      int count,
      AdapterConfig config,
      DeviceRegistry registry,
      Downstream downstream,
      DeviceEventListener listener,
      CommandGateway commands,
      DeviceLimits limits) {
    // Vert.x shares one listening socket between instances only for the same concrete port, so a
    // requested "any free port" is resolved to one first.
    AdapterConfig concrete;
    try {
      concrete =
          config.mqttPort() != 0
              ? config
              : config.withPorts(freePort(config.host()), config.httpPort());
      if (concrete.tls() && concrete.mqttTlsPort() == 0) {
        concrete =
            concrete.withTls(
                freePort(config.host()),
                concrete.tlsCert().orElseThrow(),
                concrete.tlsKey().orElseThrow());
      }
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return deploy(count, concrete, registry, downstream, listener, commands, limits)
        .map(
            deployed -> {
              int port = instances.get(0).actualPort();
              for (MqttAdapter a : instances) {
                if (a.actualPort() != port) {
                  throw new IllegalStateException(
                      "MQTT instances listen on different ports: " + a.actualPort() + ", " + port);
                }
              }
              return port;
            });
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, 0));
      return probe.getLocalPort();
    }
  }

  private Future<String> deploy(
      int count,
      AdapterConfig config,
      DeviceRegistry registry,
      Downstream downstream,
      DeviceEventListener listener,
      CommandGateway commands,
      DeviceLimits limits) {
    return vertx
        .deployVerticle(
            () -> {
              MqttAdapter adapter =
                  new MqttAdapter(vertx, config, registry, downstream, listener, commands, limits);
              instances.add(adapter);
              return adapter;
            },
            new DeploymentOptions().setInstances(count))
        .onSuccess(deployments::add);
  }

  /** The port the instances listen on with TLS; 0 when TLS is off or they are not started. */
  public int tlsPort() {
    return instances.isEmpty() ? 0 : instances.get(0).actualTlsPort();
  }

  /** Closes every live MQTT connection of the device, on whichever event loop it is. */
  public int closeConnections(DeviceId device) {
    int closed = 0;
    for (MqttAdapter a : instances) {
      closed += a.closeConnections(device);
    }
    return closed;
  }

  public int connectionCount() {
    return instances.stream().mapToInt(MqttAdapter::connectionCount).sum();
  }

  public long messagesAccepted() {
    return instances.stream().mapToLong(MqttAdapter::messagesAccepted).sum();
  }

  public long messagesRejected() {
    return instances.stream().mapToLong(MqttAdapter::messagesRejected).sum();
  }

  /** Undeploys every instance: stops listening and closes the connections. */
  public Future<Void> stop() {
    List<Future<Void>> undeployed = deployments.stream().map(vertx::undeploy).toList();
    deployments.clear();
    return Future.join(undeployed).mapEmpty();
  }
}
