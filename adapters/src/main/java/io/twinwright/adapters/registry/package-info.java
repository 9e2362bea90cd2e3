/**
 * The device registry: tenants, device registrations and credentials in the shapes of Hono's
 * management API, persisted in MongoDB and held in memory so that authentication never waits for
 * the database.
 *
 * <p>{@link io.twinwright.adapters.registry.DeviceRegistry} is the entry point. Passwords are only
 * ever stored as salted hashes ({@link io.twinwright.adapters.registry.PasswordHash}); DTLS
 * pre-shared keys ({@link io.twinwright.adapters.registry.PreSharedKey}) are symmetric and must be
 * stored retrievable.
 */
package io.twinwright.adapters.registry;
