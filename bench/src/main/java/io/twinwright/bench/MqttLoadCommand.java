package io.twinwright.bench;

import io.twinwright.bench.load.MqttLoadRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mqtt-load}: the options map one to one onto {@link LoadConfig}, whose {@link
 * LoadConfig#DEFAULTS} initialise them.
 */
@Command(
    name = "mqtt-load",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false,
    description = {
      "Provisions N devices, connects them over MQTT, publishes nordlys-ens2 temperatures at a"
          + " paced total rate, follows a sample of the twins over SSE and reports publish"
          + " rate, PUBACK and publish-to-twin latency and the platform's own counters.",
      "Exit codes: 0 done, 1 run failed, 2 bad options, 3 platform unreachable."
    })
final class MqttLoadCommand implements Callable<Integer> {
  private static final LoadConfig D = LoadConfig.DEFAULTS;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--mqtt-host", description = "MQTT adapter host.")
  String mqttHost = D.mqttHost();

  @Option(names = "--mqtt-port", description = "MQTT adapter port.")
  int mqttPort = D.mqttPort();

  @Mixin
  PlatformAccessOptions access =
      new PlatformAccessOptions(
          D.apiUrl(), D.tenant(), D.devicePrefix(), D.provision(), D.provisionConcurrency());

  @Option(names = "--devices", description = "Simulated devices, one MQTT connection each.")
  int devices = D.devices();

  @Option(names = "--rate", description = "Total publish rate over all devices, msgs/s.")
  double rate = D.rate();

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Measured publishing time (500ms, 30s, 2m).")
  Duration duration = D.duration();

  @Option(
      names = "--warmup",
      converter = DurationConverter.class,
      description = "Publishing at full rate before measuring starts.")
  Duration warmup = D.warmup();

  @Option(
      names = "--qos",
      description = "MQTT QoS 0 or 1 (default: 0 for telemetry, 1 for event).",
      showDefaultValue = CommandLine.Help.Visibility.NEVER)
  Integer qos;

  @Option(names = "--channel", description = "TELEMETRY or EVENT.")
  PublishChannel channel = D.channel();

  @Option(names = "--connect-rate", description = "Connections opened per second while ramping.")
  double connectRate = D.connectRate();

  @Option(names = "--sample", description = "Devices whose twin updates are followed over SSE.")
  int sample = D.sample();

  @Option(names = "--password", description = "Password of every bench device.")
  String password = D.password();

  @Option(
      names = "--drain",
      converter = DurationConverter.class,
      description = "Most time to wait after the last publish for acks and twin updates.")
  Duration drain = D.drain();

  @Option(
      names = "--report-interval",
      converter = DurationConverter.class,
      description = "Time between progress lines.")
  Duration reportInterval = D.reportInterval();

  @Option(names = "--json-out", description = "Also write the summary as JSON to this file.")
  Path jsonOut;

  @Option(
      names = "--server-pid",
      description =
          "Pid of the platform's JVM on this machine: report its heap per connection (GC by jcmd).")
  Long serverPid;

  @Override
  public Integer call() {
    return LoadCommandRunner.run(
        spec, this::toConfig, (config, out) -> new MqttLoadRun(config, out).run());
  }

  LoadConfig toConfig() {
    return new LoadConfig(
        mqttHost,
        mqttPort,
        access.apiUrl,
        access.tenant,
        access.devicePrefix,
        devices,
        rate,
        duration,
        warmup,
        qos == null ? channel.defaultQos() : qos,
        channel,
        connectRate,
        sample,
        access.provision,
        password,
        access.provisionConcurrency,
        drain,
        reportInterval,
        Optional.ofNullable(jsonOut),
        Optional.ofNullable(serverPid),
        access.user(),
        access.password());
  }
}
