/**
 * The Ditto Protocol over WebSocket ({@code /ws/2}): twin commands and their responses, and twin
 * events pushed to clients that asked for them, as Ditto's own WebSocket endpoint speaks it, so
 * that Ditto's clients (the Eclipse Ditto Java client among them) work against Twinwright.
 */
package io.twinwright.api.ws;
