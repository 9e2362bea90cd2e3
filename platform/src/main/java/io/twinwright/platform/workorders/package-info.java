/**
 * Work orders the rules open (open → done), deduplicated per twin and kind, persisted in the {@code
 * workorders} collection, and exported to webhooks as signed JSON with retries and backoff; {@link
 * io.twinwright.platform.workorders.ApiWorkOrders} binds them to the operator API.
 */
package io.twinwright.platform.workorders;
