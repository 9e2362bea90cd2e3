/**
 * Hono's device registry management API ({@code /v1/devices}, {@code /v1/credentials}) over the
 * {@code DeviceManagement} port: validates paths and bodies, then delegates. Internal to the API
 * module.
 */
package io.twinwright.api.registry;
