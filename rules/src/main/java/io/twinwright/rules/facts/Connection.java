package io.twinwright.rules.facts;

import java.util.Objects;

/**
 * An open connection of a device, maintained by the engine from {@link Connectivity} events: one
 * per (device, credential, remote address) while at least one such connection is open.
 *
 * @param thingId the device
 * @param authId the credential it authenticated with
 * @param remoteAddress the peer address
 * @param sinceMillis when the first of these connections opened
 */
public record Connection(String thingId, String authId, String remoteAddress, long sinceMillis) {
  public Connection {
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(authId, "authId");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
  }
}
