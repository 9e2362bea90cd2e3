/**
 * The device registry: tenants, device registrations and credentials in the shapes of Hono's
 * management API, persisted in MongoDB and held in memory so that authentication never waits for
 * the database.
 *
 * <p>{@link io.twinwright.adapters.registry.DeviceRegistry} is the entry point. Secrets are only
 * ever stored as salted hashes ({@link io.twinwright.adapters.registry.PasswordHash}).
 */
package io.twinwright.adapters.registry;
