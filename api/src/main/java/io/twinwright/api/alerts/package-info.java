/**
 * Operator routes for the alert life cycle: {@code /api/2/alerts} (list with filters, or
 * server-sent events of alert changes), lookup, acknowledge and clear. Internal to the API module.
 */
package io.twinwright.api.alerts;
