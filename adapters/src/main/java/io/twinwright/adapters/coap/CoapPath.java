package io.twinwright.adapters.coap;

import io.twinwright.twin.Channel;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A request's URI path in Hono's CoAP conventions.
 *
 * <ul>
 *   <li>{@code telemetry} / {@code t}, {@code event} / {@code e}: an upload by the authenticated
 *       device itself;
 *   <li>the same followed by {@code <tenant>/<device>}: an upload for the named device, by a
 *       gateway or an unauthenticated device;
 *   <li>{@code command_response/<request-id>} / {@code cr/...}, or {@code
 *       command_response/<tenant>/<device>/<request-id>}: a response to a command.
 * </ul>
 *
 * @param kind what the request does
 * @param channel the upload's channel; {@link Channel#TELEMETRY} for command responses (unused)
 * @param target the device named in the path, empty for the short forms
 * @param requestId the command's request id, for command responses
 * @param shortForm whether the request used the short names ({@code t}, {@code e}, {@code cr}); a
 *     command handed to the device then names its response path in the short form too
 */
public record CoapPath(
    Kind kind,
    Channel channel,
    Optional<DeviceId> target,
    Optional<String> requestId,
    boolean shortForm) {

  public static final String TELEMETRY = "telemetry";
  public static final String EVENT = "event";
  public static final String COMMAND = "command";
  public static final String COMMAND_RESPONSE = "command_response";
  public static final String TELEMETRY_SHORT = "t";
  public static final String EVENT_SHORT = "e";
  public static final String COMMAND_SHORT = "c";
  public static final String COMMAND_RESPONSE_SHORT = "cr";

  /** The top-level resources the adapter serves. */
  public static final List<String> RESOURCES =
      List.of(
          TELEMETRY, TELEMETRY_SHORT, EVENT, EVENT_SHORT, COMMAND_RESPONSE, COMMAND_RESPONSE_SHORT);

  public enum Kind {
    UPLOAD,
    COMMAND_RESPONSE
  }

  public CoapPath {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(requestId, "requestId");
    if (kind == Kind.COMMAND_RESPONSE && requestId.isEmpty()) {
      throw new IllegalArgumentException("a command response needs a request id");
    }
  }

  /**
   * Parses the URI-Path segments. Empty when the path names no resource of the adapter (4.04);
   * throws {@link IllegalArgumentException} when it names one but its ids are malformed (4.00).
   */
  public static Optional<CoapPath> parse(List<String> segments) {
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    String first = segments.get(0);
    boolean shortForm = first.length() <= 2;
    List<String> rest = segments.subList(1, segments.size());
    switch (first) {
      case TELEMETRY, TELEMETRY_SHORT, EVENT, EVENT_SHORT -> {
        Channel channel =
            first.equals(EVENT) || first.equals(EVENT_SHORT) ? Channel.EVENT : Channel.TELEMETRY;
        return switch (rest.size()) {
          case 0 ->
              Optional.of(
                  new CoapPath(
                      Kind.UPLOAD, channel, Optional.empty(), Optional.empty(), shortForm));
          case 2 ->
              Optional.of(
                  new CoapPath(
                      Kind.UPLOAD,
                      channel,
                      Optional.of(device(rest.get(0), rest.get(1))),
                      Optional.empty(),
                      shortForm));
          default -> Optional.empty();
        };
      }
      case COMMAND_RESPONSE, COMMAND_RESPONSE_SHORT -> {
        return switch (rest.size()) {
          case 1 ->
              Optional.of(
                  new CoapPath(
                      Kind.COMMAND_RESPONSE,
                      Channel.TELEMETRY,
                      Optional.empty(),
                      Optional.of(requestId(rest.get(0))),
                      shortForm));
          case 3 ->
              Optional.of(
                  new CoapPath(
                      Kind.COMMAND_RESPONSE,
                      Channel.TELEMETRY,
                      Optional.of(device(rest.get(0), rest.get(1))),
                      Optional.of(requestId(rest.get(2))),
                      shortForm));
          default -> Optional.empty();
        };
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  /**
   * The Location-Path a command is handed over with: where the device sends its response for a
   * request/response command ({@code command_response/<id>}), or just {@code command} for a one-way
   * command. When the request named its device in the path, so does the location.
   */
  public static String commandLocation(
      boolean shortForm, Optional<DeviceId> namedDevice, Optional<String> requestId) {
    StringBuilder path = new StringBuilder();
    if (requestId.isPresent()) {
      path.append(shortForm ? COMMAND_RESPONSE_SHORT : COMMAND_RESPONSE);
    } else {
      path.append(shortForm ? COMMAND_SHORT : COMMAND);
    }
    namedDevice.ifPresent(
        d -> path.append('/').append(d.tenant().value()).append('/').append(d.id()));
    requestId.ifPresent(id -> path.append('/').append(id));
    return path.toString();
  }

  private static DeviceId device(String tenant, String device) {
    if (!TenantId.isValid(tenant) || !DeviceId.isValid(device)) {
      throw new IllegalArgumentException("malformed tenant or device id: " + tenant + "/" + device);
    }
    return new DeviceId(TenantId.of(tenant), device);
  }

  private static String requestId(String id) {
    if (id.isBlank()) {
      throw new IllegalArgumentException("empty command request id");
    }
    return id;
  }
}
