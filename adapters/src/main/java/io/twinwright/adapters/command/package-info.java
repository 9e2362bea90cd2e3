/**
 * Commands from applications (and rules) to devices, as Eclipse Hono defines them: one-way or
 * request/response, delivered over the device's own protocol.
 *
 * <p>The adapters see only {@link io.twinwright.adapters.command.CommandGateway}: a device that can
 * receive commands (an MQTT subscription to {@code command///req/#}, an HTTP or CoAP request with
 * {@code hono-ttd}) registers a {@link io.twinwright.adapters.command.CommandConsumer}; the gateway
 * hands it the device's pending commands in order, then live ones. Responses come back through
 * {@link io.twinwright.adapters.command.CommandGateway#respond}.
 */
package io.twinwright.adapters.command;
