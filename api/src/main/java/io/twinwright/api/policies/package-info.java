/**
 * Ditto policies: the {@code /api/2/policies} routes and the {@link
 * io.twinwright.api.policies.Enforcement} that every thing, search, event and message route asks
 * before it reads or writes.
 */
package io.twinwright.api.policies;
