package io.twinwright.adapters;

import io.twinwright.twin.DeviceMessage;
import io.vertx.core.Future;

/**
 * Where the adapters hand over what devices publish: the platform normalises the message and
 * applies it to the device's twin.
 *
 * <p>The adapters acknowledge to the device only once the returned future succeeded, so an
 * implementation must complete it when the message is durable (QoS 1 and events) or at least
 * accepted for processing (QoS 0). A failure should be a {@link DownstreamException}: its status
 * decides what the device is told (400 the payload is rejected, 503 try again later). Any other
 * failure is treated as 503.
 */
@FunctionalInterface
public interface Downstream {

  Future<Void> send(DeviceMessage message);
}
