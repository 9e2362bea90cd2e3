package io.twinwright.platform.cli;

import io.twinwright.platform.Platform;
import io.twinwright.platform.config.ConfigException;
import io.twinwright.platform.config.PlatformConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code twinwright serve}: runs the embedded platform until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the embedded platform (MQTT 1883, device HTTP 8081, API 8080) until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
  @Mixin PlatformOptions options = new PlatformOptions();

  @Override
  public Integer call() throws InterruptedException {
    PlatformConfig config;
    try {
      config = options.resolve(Map.of());
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    Platform platform;
    try {
      platform = Platform.start(config);
    } catch (RuntimeException e) {
      System.err.println("twinwright: cannot start: " + rootMessage(e));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  platform.close();
                  stopped.countDown();
                },
                "shutdown"));
    Platform.Ports p = platform.ports();
    System.out.printf(
        "Twinwright serving: MQTT %d%s, device HTTP %d, API http://localhost:%d, CoAP %d, CoAPS %d"
            + "  (Ctrl-C stops)%n",
        p.mqtt(),
        p.mqttTls() == 0 ? "" : " (TLS " + p.mqttTls() + ")",
        p.http(),
        p.api(),
        p.coap(),
        p.coaps());
    stopped.await();
    return 0;
  }

  /** The innermost cause's message: what an operator can act on (a locked file, a taken port). */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
