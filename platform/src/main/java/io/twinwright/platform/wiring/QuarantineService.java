package io.twinwright.platform.wiring;

import io.twinwright.adapters.registry.Device;
import io.twinwright.adapters.registry.DeviceRegistry;
import io.twinwright.api.QuarantineOperations;
import io.twinwright.api.QuarantineView;
import io.twinwright.twin.DeviceId;
import io.twinwright.twin.PropertyUpdate;
import io.twinwright.twin.TwinPatch;
import io.twinwright.twin.TwinService;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.ditto.json.JsonValue;
import org.eclipse.ditto.things.model.Thing;

/**
 * Operators' view of quarantine: which devices are in it (reason and time from the twin's {@code
 * security} feature), and the release that only an operator may do — credentials usable again, twin
 * back to {@code trusted}, the rules told so that a new attack can quarantine again.
 */
public final class QuarantineService implements QuarantineOperations {
  private final DeviceRegistry registry;
  private final TwinService twins;
  private final Consumer<String> rulesReleased;
  private final BiConsumer<String, Optional<String>> audit;
  private final Clock clock;

  /**
   * @param rulesReleased tells the rules a thing was released
   * @param audit records the operator's release (thing id, note)
   */
  public QuarantineService(
      DeviceRegistry registry,
      TwinService twins,
      Consumer<String> rulesReleased,
      BiConsumer<String, Optional<String>> audit,
      Clock clock) {
    this.registry = registry;
    this.twins = twins;
    this.rulesReleased = rulesReleased;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public Future<List<QuarantineView>> quarantined() {
    List<QuarantineView> result = new ArrayList<>();
    for (Device d : registry.quarantined()) {
      String id = d.id().thingId();
      Optional<Thing> thing = twins.get(id);
      result.add(
          new QuarantineView(
              id,
              security(thing, "reason").orElse("quarantined"),
              security(thing, "since").flatMap(QuarantineService::instant).orElse(Instant.EPOCH)));
    }
    result.sort(java.util.Comparator.comparing(QuarantineView::thingId));
    return Future.succeededFuture(result);
  }

  @Override
  public Future<Boolean> release(String thingId, Optional<String> note) {
    DeviceId device = DeviceId.ofThingId(thingId);
    if (!registry.device(device).map(Device::quarantined).orElse(false)) {
      return Future.succeededFuture(false);
    }
    return registry
        .setQuarantined(device, false)
        .map(
            done -> {
              Instant now = clock.instant();
              twins.apply(
                  new TwinPatch(
                      device,
                      List.of(
                          new PropertyUpdate("security", "state", "trusted"),
                          new PropertyUpdate(
                              "security", "reason", note.orElse("released by an operator")),
                          new PropertyUpdate("security", "since", now.toString())),
                      now));
              rulesReleased.accept(thingId);
              audit.accept(thingId, note);
              return true;
            });
  }

  private static Optional<String> security(Optional<Thing> thing, String property) {
    return thing
        .flatMap(t -> t.getFeatures())
        .flatMap(f -> f.getFeature("security"))
        .flatMap(f -> f.getProperty(property))
        .filter(JsonValue::isString)
        .map(JsonValue::asString);
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
