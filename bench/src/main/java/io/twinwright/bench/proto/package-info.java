/**
 * Request/response telemetry throughput over the HTTP and CoAP device adapters: a fixed number of
 * requests in flight, accepted messages per second, errors by status and latency percentiles.
 */
package io.twinwright.bench.proto;
