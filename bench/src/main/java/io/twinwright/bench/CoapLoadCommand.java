package io.twinwright.bench;

import picocli.CommandLine.Command;

/** {@code coap-load}: confirmable telemetry POSTs over DTLS-PSK, one DTLS session per device. */
@Command(
    name = "coap-load",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    sortOptions = false,
    description = {
      "Provisions N devices (psk credentials), opens one DTLS-PSK session per device to the"
          + " coaps port, keeps a fixed number of CON POST /telemetry requests in flight and"
          + " reports 2.04 msgs/s, errors by response code and latency percentiles.",
      "Exit codes: 0 done, 1 run failed, 2 bad options, 3 platform unreachable."
    })
final class CoapLoadCommand extends ProtoLoadCommand {
  CoapLoadCommand() {
    super(ProtoLoadConfig.Protocol.COAP);
  }
}
