/**
 * Device liveness: the platform-owned {@code connectivity} feature of every twin, kept from what
 * the adapters report about connections, command readiness and traffic.
 */
package io.twinwright.platform.liveness;
