/**
 * The CoAP device endpoint, following Hono's CoAP adapter: {@code POST /telemetry} and {@code POST
 * /event} (short {@code /t}, {@code /e}) over DTLS with pre-shared keys, {@code PUT
 * /telemetry/<tenant>/<device>} for gateways and (when allowed) unauthenticated devices on plain
 * CoAP, commands in the response to a request with {@code hono-ttd}, and command responses on
 * {@code /command_response}. {@link io.twinwright.adapters.coap.CoapAdapter} is the entry point.
 */
package io.twinwright.adapters.coap;
