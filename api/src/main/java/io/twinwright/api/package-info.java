/**
 * The HTTP API: a Ditto-compatible twin API (things, RQL search, server-sent events), the
 * Hono-compatible device registry management API, and platform APIs (alerts, health).
 *
 * <p>The public surface is {@link io.twinwright.api.ApiServer} with its {@link
 * io.twinwright.api.ApiConfig}, the ports the platform binds ({@link
 * io.twinwright.api.DeviceManagement}, {@link io.twinwright.api.AlertOperations} and, through
 * {@link io.twinwright.api.ApiPorts}, work orders, quarantine, audit log and SPARQL) and the one
 * error family {@link io.twinwright.api.ApiException}. Sub-packages hold the routes and are
 * internal.
 */
package io.twinwright.api;
