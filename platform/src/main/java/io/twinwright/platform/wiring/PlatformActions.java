package io.twinwright.platform.wiring;

import io.twinwright.adapters.command.CommandService;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.platform.alerts.AlertService;
import io.twinwright.platform.workorders.WorkOrder;
import io.twinwright.rules.AlertRequest;
import io.twinwright.rules.CommandRequest;
import io.twinwright.rules.DesiredPropertiesRequest;
import io.twinwright.rules.RuleActions;
import io.twinwright.rules.WorkOrderRequest;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinCondition;
import io.twinwright.twin.TwinPatch;
import io.twinwright.twin.TwinService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonPointer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.ThingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's side of the rules' action port. Alerts go to the alert book, work orders to the
 * work-order service (and its webhooks); a quarantine disables the device in the registry (so
 * further logins are refused), closes its live connections, and records the state in the twin's
 * {@code security} feature. Commands go through the durable outbox, so a rule's command to an
 * offline device waits for it. Desired properties are merged into the twin, from where the
 * desired-state reconciler sends them to the device.
 */
public final class PlatformActions implements RuleActions {
  private static final Logger LOG = LoggerFactory.getLogger(PlatformActions.class);

  private final AlertService alerts;
  private final DeviceRegistry registry;
  private final ToIntFunction<DeviceId> closeConnections;
  private final TwinService twins;
  private final Clock clock;
  private final Consumer<io.twinwright.platform.workorders.WorkOrderRequest> workOrders;
  private final CommandService commands;

  public PlatformActions(
      AlertService alerts,
      DeviceRegistry registry,
      ToIntFunction<DeviceId> closeConnections,
      TwinService twins,
      Consumer<io.twinwright.platform.workorders.WorkOrderRequest> workOrders,
      CommandService commands,
      Clock clock) {
    this.workOrders = workOrders;
    this.commands = commands;
    this.alerts = alerts;
    this.registry = registry;
    this.closeConnections = closeConnections;
    this.twins = twins;
    this.clock = clock;
  }

  @Override
  public void raiseAlert(AlertRequest request) {
    alerts.raise(request);
  }

  @Override
  public void clearAlert(String thingId, String code) {
    alerts.clear(thingId, code);
  }

  @Override
  public void openWorkOrder(WorkOrderRequest request) {
    workOrders.accept(
        new io.twinwright.platform.workorders.WorkOrderRequest(
            request.thingId(),
            request.code(),
            switch (request.priority()) {
              case INFO -> WorkOrder.Priority.LOW;
              case WARNING -> WorkOrder.Priority.MEDIUM;
              case CRITICAL -> WorkOrder.Priority.HIGH;
            },
            request.summary(),
            request.findings()));
  }

  @Override
  public void sendCommand(CommandRequest request) {
    DeviceId device = DeviceId.ofThingId(request.thingId());
    commands
        .send(
            device,
            request.name(),
            "application/json",
            request.payload().getBytes(StandardCharsets.UTF_8),
            Optional.empty())
        .onFailure(
            e ->
                LOG.error(
                    "command '{}' for {} not queued: {}",
                    request.name(),
                    request.thingId(),
                    e.getMessage()));
  }

  /**
   * Merges the values into the feature's {@code desiredProperties} (other desired values stay), as
   * an application write would; the desired-state reconciler takes it from there.
   */
  @Override
  public void setDesiredProperties(DesiredPropertiesRequest request) {
    JsonObject patch = JsonFactory.newObject();
    for (var p : request.properties().entrySet()) {
      patch = patch.setValue(JsonPointer.of("/" + p.getKey()), jsonValue(p.getValue()));
    }
    CompletableFuture<?> written;
    try {
      written =
          twins.merge(
              ThingId.of(request.thingId()),
              JsonPointer.of("/features/" + request.featureId() + "/desiredProperties"),
              patch,
              TwinCondition.NONE);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete(
        (ok, e) -> {
          if (e != null) {
            LOG.error(
                "desired properties of {}/{} not set: {}",
                request.thingId(),
                request.featureId(),
                e.getMessage());
          }
        });
  }

  private static JsonValue jsonValue(Object v) {
    if (v instanceof Boolean b) {
      return JsonFactory.newValue(b);
    }
    if (v instanceof Integer i) {
      return JsonFactory.newValue(i);
    }
    if (v instanceof Long l) {
      return JsonFactory.newValue(l);
    }
    if (v instanceof Number n) {
      return JsonFactory.newValue(n.doubleValue());
    }
    return JsonFactory.newValue(v.toString());
  }

  @Override
  public void quarantine(String thingId, String reason) {
    DeviceId device = DeviceId.ofThingId(thingId);
    if (registry.device(device).map(d -> d.quarantined()).orElse(false)) {
      return;
    }
    Instant now = clock.instant();
    LOG.warn("quarantining {}: {}", thingId, reason);
    registry
        .setQuarantined(device, true)
        .onComplete(
            done -> {
              if (done.failed()) {
                LOG.error("could not quarantine {} in the registry", thingId, done.cause());
              }
              closeConnections.applyAsInt(device);
            });
    twins.apply(
        new TwinPatch(
            device,
            List.of(
                new PropertyUpdate("security", "state", "quarantined"),
                new PropertyUpdate("security", "reason", reason),
                new PropertyUpdate("security", "since", now.toString())),
            now));
  }
}
