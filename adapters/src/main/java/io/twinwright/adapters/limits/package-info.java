/**
 * What devices and tenants may use of the adapters: message rates (token buckets), MQTT connections
 * per tenant, and the refusal of logins after repeated failures.
 */
package io.twinwright.adapters.limits;
