/**
 * Operator routes for quarantined devices: {@code /api/2/quarantine} (list) and the release that
 * only an operator may make. Internal to the API module.
 */
package io.twinwright.api.quarantine;
