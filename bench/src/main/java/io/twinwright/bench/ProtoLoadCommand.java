package io.twinwright.bench;

import io.twinwright.bench.ProtoLoadConfig.Protocol;
import io.twinwright.bench.proto.ProtoLoadRun;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code http-load} and {@code coap-load} share; each maps one to one onto {@link
 * ProtoLoadConfig}, whose protocol defaults initialise them.
 */
abstract class ProtoLoadCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Protocol protocol;

  @Option(names = "--host", description = "Device adapter host.")
  String host;

  @Option(names = "--port", description = "Device adapter port.")
  int port;

  @Mixin PlatformAccessOptions access;

  @Option(names = "--devices", description = "Simulated devices.")
  int devices;

  @Option(names = "--in-flight", description = "Requests outstanding at any time.")
  int inFlight;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Measured sending time (500ms, 30s, 2m).")
  Duration duration;

  @Option(
      names = "--warmup",
      converter = DurationConverter.class,
      description = "Sending before measuring starts.")
  Duration warmup;

  @Option(
      names = "--password",
      description = "Device password (HTTP) or seed of the per-device PSKs (CoAP).")
  String password;

  ProtoLoadCommand(Protocol protocol) {
    this.protocol = protocol;
    ProtoLoadConfig d = ProtoLoadConfig.defaults(protocol);
    access =
        new PlatformAccessOptions(
            d.apiUrl(), d.tenant(), d.devicePrefix(), d.provision(), d.provisionConcurrency());
    host = d.host();
    port = d.port();
    devices = d.devices();
    inFlight = d.inFlight();
    duration = d.duration();
    warmup = d.warmup();
    password = d.password();
  }

  /** HTTP's {@code qos-level: 1}; CoAP has none. */
  boolean qos1() {
    return false;
  }

  @Override
  public Integer call() {
    return LoadCommandRunner.run(
        spec, this::toConfig, (config, out) -> new ProtoLoadRun(config, out).run());
  }

  ProtoLoadConfig toConfig() {
    return new ProtoLoadConfig(
        protocol,
        host,
        port,
        access.apiUrl,
        access.tenant,
        access.devicePrefix,
        devices,
        inFlight,
        duration,
        warmup,
        qos1(),
        access.provision,
        password,
        access.provisionConcurrency,
        access.user(),
        access.password());
  }
}
