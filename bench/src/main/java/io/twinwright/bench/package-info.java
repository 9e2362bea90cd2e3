/**
 * The load generator's command line and its one configuration record. The generator is an
 * independent process: it talks to a running platform only through MQTT, the management API, the
 * twin SSE stream and {@code /health}, and depends on no other Twinwright module.
 */
package io.twinwright.bench;
