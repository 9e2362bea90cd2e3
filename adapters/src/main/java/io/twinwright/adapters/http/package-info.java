/**
 * The HTTP device endpoint, following Hono's HTTP adapter: {@code POST /telemetry} and {@code POST
 * /event} with Basic auth. {@link io.twinwright.adapters.http.HttpAdapter} is the entry point.
 */
package io.twinwright.adapters.http;
