package io.twinwright.twin.desired;

import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.json.JsonObjectBuilder;
import org.eclipse.ditto.json.JsonPointer;

/** JSON shapes of a {@link DesiredDelta}: the API's view and the device's patch. */
public final class DesiredDeltaJson {
  private DesiredDeltaJson() {}

  /**
   * {@code {"thingId":..,"features":{"<f>":{"<path>":{"desired":x,"reported":y}}},"inSync":b}};
   * {@code reported} is left out where the device reported nothing.
   */
  public static JsonObject view(DesiredDelta delta) {
    JsonObjectBuilder features = JsonFactory.newObjectBuilder();
    delta
        .features()
        .forEach(
            (feature, paths) -> {
              JsonObjectBuilder leaves = JsonFactory.newObjectBuilder();
              paths.forEach(
                  (path, difference) -> {
                    JsonObjectBuilder d =
                        JsonFactory.newObjectBuilder().set("desired", difference.desired());
                    difference.reported().ifPresent(r -> d.set("reported", r));
                    // the path is one key, not a pointer to nest under
                    leaves.set(JsonFactory.newKey(path), d.build());
                  });
              features.set(JsonFactory.newKey(feature), leaves.build());
            });
    return JsonFactory.newObjectBuilder()
        .set("thingId", delta.thingId())
        .set("features", features.build())
        .set("inSync", delta.inSync())
        .build();
  }

  /**
   * The desired values not yet reported, as the device should apply them: {@code
   * {"features":{"<f>":{"<prop>":value}}}}, nested by path (a JSON merge patch of each feature's
   * properties).
   */
  public static JsonObject patch(DesiredDelta delta) {
    JsonObject features = JsonFactory.newObject();
    for (var feature : delta.features().entrySet()) {
      JsonObject properties = JsonFactory.newObject();
      for (var leaf : feature.getValue().entrySet()) {
        properties =
            properties.setValue(JsonPointer.of("/" + leaf.getKey()), leaf.getValue().desired());
      }
      features = features.setValue(JsonFactory.newKey(feature.getKey()), properties);
    }
    return JsonFactory.newObjectBuilder().set("features", features).build();
  }
}
