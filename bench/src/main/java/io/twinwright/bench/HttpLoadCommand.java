package io.twinwright.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code http-load}: telemetry POSTs to the HTTP adapter with a fixed number in flight. */
@Command(
    name = "http-load",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false,
    description = {
      "Provisions N devices (hashed-password credentials), keeps a fixed number of"
          + " POST /telemetry requests in flight to the HTTP adapter and reports accepted (202)"
          + " msgs/s, errors by status and latency percentiles.",
      "Exit codes: 0 done, 1 run failed, 2 bad options, 3 platform unreachable."
    })
final class HttpLoadCommand extends ProtoLoadCommand {
  @Option(
      names = "--qos1",
      description = "Send the qos-level: 1 header (at-least-once, answered after forwarding).")
  boolean qos1;

  HttpLoadCommand() {
    super(ProtoLoadConfig.Protocol.HTTP);
  }

  @Override
  boolean qos1() {
    return qos1;
  }
}
