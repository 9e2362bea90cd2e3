package io.twinwright.api.ws;

import io.twinwright.api.ApiException;
import io.twinwright.api.http.ErrorResponder;
import io.twinwright.api.things.ThingJson;
import io.twinwright.twin.TwinEvent;
import java.util.Optional;
import org.eclipse.ditto.base.model.common.HttpStatus;
import org.eclipse.ditto.base.model.headers.DittoHeaders;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.protocol.Adaptable;
import org.eclipse.ditto.protocol.EventsTopicPathBuilder;
import org.eclipse.ditto.protocol.PayloadBuilder;
import org.eclipse.ditto.protocol.ProtocolFactory;
import org.eclipse.ditto.protocol.TopicPath;
import org.eclipse.ditto.protocol.TopicPathBuildable;
import org.eclipse.ditto.things.model.ThingId;

/** Ditto Protocol messages the endpoint sends: command responses, errors and twin events. */
final class ProtocolMessages {
  private ProtocolMessages() {}

  /** The response to a command: its topic and path, the status, the value if any. */
  static String response(
      Adaptable command, int status, Optional<JsonValue> value, DittoHeaders headers) {
    PayloadBuilder payload =
        ProtocolFactory.newPayloadBuilder(command.getPayload().getPath())
            .withStatus(HttpStatus.tryGetInstance(status).orElseThrow());
    value.ifPresent(payload::withValue);
    return json(
        ProtocolFactory.newAdaptableBuilder(command.getTopicPath())
            .withPayload(payload.build())
            .withHeaders(headers)
            .build());
  }

  /**
   * An error response: topic {@code <ns>/<name>/things/twin/errors} ({@code _/_/...} when the
   * message named no thing), the Ditto error JSON as value.
   */
  static String error(Optional<ThingId> thingId, Throwable failure, DittoHeaders headers) {
    ApiException error = ErrorResponder.toApiException(failure);
    JsonObject body = JsonFactory.readFrom(ErrorResponder.dittoBody(error).encode()).asObject();
    TopicPathBuildable topic =
        thingId
            .map(ProtocolFactory::newTopicPathBuilder)
            .orElseGet(() -> ProtocolFactory.newTopicPathBuilderFromNamespace("_"))
            .things()
            .twin()
            .errors();
    return json(
        ProtocolFactory.newAdaptableBuilder(topic.build())
            .withPayload(
                ProtocolFactory.newPayloadBuilder(JsonPointer.empty())
                    .withStatus(HttpStatus.tryGetInstance(error.status()).orElseThrow())
                    .withValue(body)
                    .build())
            .withHeaders(headers)
            .build());
  }

  /**
   * A twin change as the Ditto event of the write that caused it: {@code created} or {@code
   * deleted} for the whole twin; {@code modified}, {@code merged} or {@code deleted} at the written
   * pointer for application writes; device updates as {@code merged} at the root, with the changed
   * values as the merge patch.
   */
  static String event(TwinEvent event, Optional<JsonObject> extra) {
    ThingId id = ThingId.of(event.thingId());
    EventsTopicPathBuilder topic = ProtocolFactory.newTopicPathBuilder(id).things().twin().events();
    JsonPointer path = JsonPointer.empty();
    Optional<JsonValue> value = Optional.empty();
    switch (event.kind()) {
      case CREATED -> {
        topic.created();
        value = Optional.of(withoutThingFields(ThingJson.change(event, Optional.empty())));
      }
      case DELETED -> topic.deleted();
      case MODIFIED -> {
        if (event.write().isPresent()) {
          TwinEvent.Write write = event.write().get();
          path = write.pointer();
          switch (write.operation()) {
            case PUT -> topic.modified();
            case MERGE -> topic.merged();
            case DELETE -> topic.deleted();
          }
          if (write.operation() != TwinEvent.Write.Operation.DELETE) {
            value = path.isEmpty() ? Optional.of(event.delta()) : event.delta().getValue(path);
          }
        } else {
          topic.merged();
          value = Optional.of(withoutThingFields(ThingJson.change(event, Optional.empty())));
        }
      }
    }
    PayloadBuilder payload =
        ProtocolFactory.newPayloadBuilder(path)
            .withRevision(event.revision())
            .withTimestamp(event.modified());
    value.ifPresent(payload::withValue);
    extra.ifPresent(payload::withExtra);
    return json(
        ProtocolFactory.newAdaptableBuilder(topic.build())
            .withPayload(payload.build())
            .withHeaders(DittoHeaders.empty())
            .build());
  }

  /**
   * The part of a change a subject may read, as a {@code merged} event at the root whose value is
   * that part as a merge patch: the write's own event would show parts the subject may not read.
   */
  static String partialEvent(TwinEvent event, JsonObject visible, Optional<JsonObject> extra) {
    ThingId id = ThingId.of(event.thingId());
    PayloadBuilder payload =
        ProtocolFactory.newPayloadBuilder(JsonPointer.empty())
            .withRevision(event.revision())
            .withTimestamp(event.modified())
            .withValue(visible);
    extra.ifPresent(payload::withExtra);
    return json(
        ProtocolFactory.newAdaptableBuilder(
                ProtocolFactory.newTopicPathBuilder(id).things().twin().events().merged().build())
            .withPayload(payload.build())
            .withHeaders(DittoHeaders.empty())
            .build());
  }

  /** Revision and timestamp travel in the envelope, not in the value. */
  private static JsonObject withoutThingFields(JsonObject json) {
    return json.remove("_revision").remove("_modified");
  }

  private static String json(Adaptable adaptable) {
    return ProtocolFactory.wrapAsJsonifiableAdaptable(adaptable).toJsonString();
  }

  static TopicPath.Channel channel(Adaptable adaptable) {
    return adaptable.getTopicPath().getChannel();
  }
}
