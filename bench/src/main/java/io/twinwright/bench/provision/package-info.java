/**
 * Creating the bench devices and their password credentials through the platform's Hono-compatible
 * management API, many at a time but with bounded concurrency.
 */
package io.twinwright.bench.provision;
