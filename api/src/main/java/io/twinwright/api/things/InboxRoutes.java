package io.twinwright.api.things;

import io.twinwright.api.ApiException;
import io.twinwright.api.CommandOperations;
import io.twinwright.api.CommandReply;
import io.twinwright.api.auth.Caller;
import io.twinwright.api.http.Requests;
import io.twinwright.api.policies.Enforcement;
import io.twinwright.twin.TwinService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.ditto.things.model.ThingId;
import org.eclipse.ditto.things.model.signals.commands.exceptions.ThingNotAccessibleException;

/**
 * Ditto's message inbox of a thing, which sends a command to its device: {@code POST
 * /api/2/things/{thingId}/inbox/messages/{subject}?timeout=<seconds>}. With {@code timeout=0} the
 * command is one-way and answered 202 once it is durably queued; otherwise (default {@value
 * #DEFAULT_TIMEOUT_SECONDS} s) the device's answer is passed back with its status, content type and
 * payload, or 408 when it does not come in time.
 */
public final class InboxRoutes {
  static final int DEFAULT_TIMEOUT_SECONDS = 10;
  static final int MAX_TIMEOUT_SECONDS = 60;

  /** What a body without a declared type is taken for: the API cannot tell what the bytes are. */
  static final String UNTYPED = "application/octet-stream";

  private final TwinService twins;
  private final CommandOperations commands;

  private final Enforcement enforcement;

  public InboxRoutes(TwinService twins, CommandOperations commands, Enforcement enforcement) {
    this.enforcement = enforcement;
    this.twins = twins;
    this.commands = commands;
  }

  public void mount(Router router) {
    router.post("/api/2/things/:thingId/inbox/messages/:subject").handler(this::send);
  }

  private void send(RoutingContext ctx) {
    ThingId id = ThingId.of(ctx.pathParam("thingId"));
    String subject = ctx.pathParam("subject");
    int timeout = timeoutSeconds(ctx);
    var thing =
        twins
            .get(id.toString())
            .orElseThrow(() -> ThingNotAccessibleException.newBuilder(id).build());
    enforcement.requireSend(Caller.of(ctx), ThingAccess.target(thing), subject);
    Buffer body = ctx.body().buffer();
    byte[] payload = body == null ? new byte[0] : body.getBytes();
    String contentType =
        Optional.ofNullable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))
            .filter(s -> !s.isBlank())
            .orElse(UNTYPED);
    if (timeout == 0) {
      commands
          .send(id.toString(), subject, contentType, payload)
          .onSuccess(ignored -> ctx.response().setStatusCode(202).end())
          .onFailure(ctx::fail);
      return;
    }
    commands
        .request(id.toString(), subject, contentType, payload, Duration.ofSeconds(timeout))
        .onSuccess(
            reply -> {
              if (reply.isEmpty()) {
                ctx.fail(timedOut(id, subject, timeout));
              } else {
                answer(ctx.response(), reply.get());
              }
            })
        .onFailure(ctx::fail);
  }

  private static void answer(HttpServerResponse response, CommandReply reply) {
    response.setStatusCode(reply.status());
    if (reply.payload().length == 0 || reply.status() == 204) {
      response.end();
      return;
    }
    response
        .putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType())
        .end(Buffer.buffer(reply.payload()));
  }

  private static int timeoutSeconds(RoutingContext ctx) {
    Optional<String> value = Requests.param(ctx, "timeout");
    if (value.isEmpty()) {
      return DEFAULT_TIMEOUT_SECONDS;
    }
    int seconds;
    try {
      seconds = Integer.parseInt(value.get());
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 0 || seconds > MAX_TIMEOUT_SECONDS) {
      throw new ApiException(
          400,
          "messages:timeout.invalid",
          "The timeout '"
              + value.get()
              + "' is not a number of seconds from 0 to "
              + MAX_TIMEOUT_SECONDS
              + ".",
          "Use timeout=0 for a one-way command, or the seconds to wait for the device's answer.");
    }
    return seconds;
  }

  private static ApiException timedOut(ThingId id, String subject, int seconds) {
    return new ApiException(
        408,
        "messages:timeout",
        "The device of thing '"
            + id
            + "' did not answer the message '"
            + subject
            + "' within "
            + seconds
            + " seconds.",
        "Make sure the device is connected and subscribed to commands, or use a longer timeout.");
  }
}
