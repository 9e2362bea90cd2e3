/**
 * Hono-compatible device endpoints and their ports to the rest of the platform.
 *
 * <p>The adapters authenticate devices against the {@link io.twinwright.adapters.registry device
 * registry}, decode what they publish into {@link io.twinwright.twin.DeviceMessage}s and hand them
 * to a {@link io.twinwright.adapters.Downstream}; they report connection and authentication events
 * to a {@link io.twinwright.adapters.DeviceEventListener}. Both ports are bound by the platform
 * module, so the adapters know nothing of twins, rules or storage of messages.
 */
package io.twinwright.adapters;
