package io.twinwright.bench.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.twinwright.bench.pacing.PaceClock;
import io.twinwright.bench.pacing.PaceSchedule;
import io.twinwright.bench.pacing.Pacer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connects and disconnects the simulated devices. All clients are built with the same executor
 * config: HiveMQ keys its Netty event loop groups by executor, so the whole fleet shares one group
 * of {@code nettyThreads} threads instead of growing threads with the device count.
 */
public final class DeviceFleet {
  private static final int KEPT_FAILURES = 5;
  private static final long SOCKET_CONNECT_TIMEOUT_SECONDS = 10;
  private static final long MQTT_CONNECT_TIMEOUT_SECONDS = 10;
  private static final int KEEP_ALIVE_SECONDS = 60;

  private final String host;
  private final int port;
  private final MqttClientExecutorConfig executorConfig;
  private final List<Mqtt3AsyncClient> clients = new ArrayList<>();
  private final AtomicLong lostConnections = new AtomicLong();
  private volatile boolean closing;

  /**
   * @param host the platform's MQTT host
   * @param port the platform's MQTT port
   * @param nettyThreads size of the event loop group all clients share
   */
  public DeviceFleet(String host, int port, int nettyThreads) {
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    if (nettyThreads < 1) {
      throw new IllegalArgumentException("nettyThreads must be positive: " + nettyThreads);
    }
    AtomicInteger threadNumber = new AtomicInteger();
    Executor threadPerLoop =
        task -> {
          Thread thread = new Thread(task, "bench-mqtt-" + threadNumber.incrementAndGet());
          thread.setDaemon(true);
          thread.start();
        };
    this.executorConfig =
        MqttClientExecutorConfig.builder()
            .nettyExecutor(threadPerLoop)
            .nettyThreads(nettyThreads)
            .build();
  }

  /** Starts connecting one device; the future fails with the broker's or the network's reason. */
  public CompletableFuture<BenchDevice> connect(DeviceLogin login) {
    AtomicBoolean wasConnected = new AtomicBoolean();
    Mqtt3AsyncClient client =
        MqttClient.builder()
            .useMqttVersion3()
            .identifier(login.deviceId())
            .transportConfig()
            .serverHost(host)
            .serverPort(port)
            .socketConnectTimeout(SOCKET_CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .mqttConnectTimeout(MQTT_CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
            .applyTransportConfig()
            .executorConfig(executorConfig)
            .addConnectedListener(context -> wasConnected.set(true))
            .addDisconnectedListener(
                context -> {
                  if (!closing
                      && context.getSource() != MqttDisconnectSource.USER
                      && wasConnected.get()) {
                    lostConnections.incrementAndGet();
                  }
                })
            .buildAsync();
    synchronized (clients) {
      clients.add(client);
    }
    return client
        .connectWith()
        .cleanSession(true)
        .keepAlive(KEEP_ALIVE_SECONDS)
        .simpleAuth()
        .username(login.username())
        .password(login.password().getBytes(StandardCharsets.UTF_8))
        .applySimpleAuth()
        .send()
        .thenApply(connAck -> new BenchDevice(login, client));
  }

  /**
   * Connects the devices at {@code perSecond}, issuing connects from the calling thread, then waits
   * up to {@code settle} for the last answers.
   */
  public ConnectOutcome connectAll(
      List<DeviceLogin> logins, double perSecond, Duration settle, PaceClock clock) {
    long start = System.nanoTime();
    List<CompletableFuture<BenchDevice>> pending = new ArrayList<>(logins.size());
    new Pacer(clock, Duration.ofMillis(1))
        .run(
            new PaceSchedule(perSecond, logins.size()),
            (sequence, elapsed) -> pending.add(connect(logins.get((int) sequence))));
    try {
      CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]))
          .get(settle.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // counted per device below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<BenchDevice> connected = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    int failed = 0;
    for (int i = 0; i < pending.size(); i++) {
      CompletableFuture<BenchDevice> future = pending.get(i);
      if (future.isDone() && !future.isCompletedExceptionally()) {
        connected.add(future.join());
        continue;
      }
      failed++;
      if (failures.size() < KEPT_FAILURES) {
        failures.add(logins.get(i).deviceId() + ": " + reason(future));
      }
    }
    return new ConnectOutcome(connected, failed, failures, (System.nanoTime() - start) / 1e9);
  }

  /** Connections the platform dropped while the run was going on. */
  public long lostConnections() {
    return lostConnections.get();
  }

  /**
   * Disconnects every client this fleet created, connected or not, waiting at most {@code timeout}.
   * Once the last client has gone, HiveMQ shuts the shared event loop group down.
   */
  public void disconnectAll(Duration timeout) {
    closing = true;
    List<CompletableFuture<Void>> disconnects = new ArrayList<>();
    synchronized (clients) {
      for (Mqtt3AsyncClient client : clients) {
        disconnects.add(
            client.getState().isConnectedOrReconnect()
                ? client.disconnect().exceptionally(ignored -> null)
                : CompletableFuture.completedFuture(null));
      }
      clients.clear();
    }
    try {
      CompletableFuture.allOf(disconnects.toArray(new CompletableFuture<?>[0]))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // the process is ending; clients that did not say goodbye are dropped with it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The most helpful message of a failed or unfinished connect. */
  public static String reason(CompletableFuture<?> future) {
    if (!future.isDone()) {
      return "no answer in time";
    }
    try {
      future.join();
      return "connected";
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String message = cause.getMessage();
      return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
  }
}
