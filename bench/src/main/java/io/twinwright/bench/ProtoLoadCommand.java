package io.twinwright.bench;

import io.twinwright.bench.ProtoLoadConfig.Protocol;
import io.twinwright.bench.proto.ProtoLoadRun;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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

  @Option(names = "--api-url", description = "Base URL of the platform's HTTP API.")
  URI apiUrl;

  @Option(names = "--tenant", description = "Tenant of the bench devices.")
  String tenant;

  @Option(names = "--device-prefix", description = "Device ids are this prefix + a padded index.")
  String devicePrefix;

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
      names = "--no-provision",
      negatable = true,
      description = "Create the devices and their credentials first (default: on).",
      showDefaultValue = CommandLine.Help.Visibility.NEVER)
  boolean provision;

  @Option(
      names = "--password",
      description = "Device password (HTTP) or seed of the per-device PSKs (CoAP).")
  String password;

  @Option(names = "--provision-concurrency", description = "Management API requests in flight.")
  int provisionConcurrency;

  @Option(names = "--api-user", description = "API user (HTTP Basic) for the management API.")
  String apiUser;

  @Option(names = "--api-password", description = "Password of --api-user.")
  String apiPassword;

  ProtoLoadCommand(Protocol protocol) {
    this.protocol = protocol;
    ProtoLoadConfig d = ProtoLoadConfig.defaults(protocol);
    host = d.host();
    port = d.port();
    apiUrl = d.apiUrl();
    tenant = d.tenant();
    devicePrefix = d.devicePrefix();
    devices = d.devices();
    inFlight = d.inFlight();
    duration = d.duration();
    warmup = d.warmup();
    provision = d.provision();
    password = d.password();
    provisionConcurrency = d.provisionConcurrency();
  }

  /** HTTP's {@code qos-level: 1}; CoAP has none. */
  boolean qos1() {
    return false;
  }

  @Override
  public Integer call() {
    ProtoLoadConfig config;
    try {
      config = toConfig();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      new ProtoLoadRun(config, out).run();
      return ExitCode.OK.code();
    } catch (BenchAbort abort) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("twinwright-bench: " + abort.getMessage());
      err.flush();
      return abort.exitCode().code();
    }
  }

  ProtoLoadConfig toConfig() {
    return new ProtoLoadConfig(
        protocol,
        host,
        port,
        apiUrl,
        tenant,
        devicePrefix,
        devices,
        inFlight,
        duration,
        warmup,
        qos1(),
        provision,
        password,
        provisionConcurrency,
        Optional.ofNullable(apiUser),
        Optional.ofNullable(apiPassword));
  }
}
