package io.twinwright.rules.facts;

import java.util.Objects;

/**
 * A device connected or disconnected: an event, kept for an hour. The engine also keeps the
 * resulting state as {@link Connection} facts, which is what most rules want.
 *
 * @param thingId the device
 * @param connected whether it connected (true) or disconnected
 * @param remoteAddress the peer address of the connection
 * @param authId the credential (Hono auth-id) it authenticated with
 * @param atMillis when, epoch milliseconds
 */
public record Connectivity(
    String thingId, boolean connected, String remoteAddress, String authId, long atMillis) {
  public Connectivity {
    Objects.requireNonNull(thingId, "thingId");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(authId, "authId");
  }
}
