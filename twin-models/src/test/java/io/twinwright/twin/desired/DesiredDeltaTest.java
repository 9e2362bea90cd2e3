package io.twinwright.twin.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.eclipse.ditto.json.JsonFactory;
import org.eclipse.ditto.json.JsonObject;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.Test;

class DesiredDeltaTest {

  private static Thing thing(String features) {
    return ThingsModelFactory.newThing(
        JsonFactory.newObject("{\"thingId\":\"acme:d1\",\"features\":" + features + "}"));
  }

  @Test
  void missing_reported_value_is_a_difference_without_reported() {
    DesiredDelta delta = DesiredDelta.of(thing("{\"cfg\":{\"desiredProperties\":{\"rate\":10}}}"));

    assertFalse(delta.inSync());
    DesiredDelta.Difference d = delta.features().get("cfg").get("rate");
    assertEquals(JsonFactory.newValue(10), d.desired());
    assertEquals(Optional.empty(), d.reported());
    assertEquals(
        JsonFactory.newObject(
            "{\"thingId\":\"acme:d1\",\"features\":{\"cfg\":{\"rate\":{\"desired\":10}}},"
                + "\"inSync\":false}"),
        DesiredDeltaJson.view(delta));
  }

  @Test
  void equal_values_are_in_sync() {
    DesiredDelta delta =
        DesiredDelta.of(
            thing(
                "{\"cfg\":{\"properties\":{\"mode\":\"eco\",\"on\":true,\"tags\":[1,\"a\"]},"
                    + "\"desiredProperties\":{\"mode\":\"eco\",\"on\":true,\"tags\":[1,\"a\"]}}}"));

    assertTrue(delta.inSync());
    assertEquals(
        JsonFactory.newObject("{\"thingId\":\"acme:d1\",\"features\":{},\"inSync\":true}"),
        DesiredDeltaJson.view(delta));
  }

  @Test
  void numbers_compare_by_value() {
    DesiredDelta delta =
        DesiredDelta.of(
            thing(
                "{\"cfg\":{\"properties\":{\"a\":1.0,\"b\":2.50,\"c\":[1,2.0]},"
                    + "\"desiredProperties\":{\"a\":1,\"b\":2.5,\"c\":[1.0,2]}}}"));

    assertTrue(delta.inSync(), () -> delta.toString());
  }

  @Test
  void different_value_reports_both_sides() {
    DesiredDelta delta =
        DesiredDelta.of(
            thing(
                "{\"cfg\":{\"properties\":{\"rate\":5,\"mode\":\"eco\"},"
                    + "\"desiredProperties\":{\"rate\":10,\"mode\":\"eco\"}}}"));

    assertEquals(Set.of("rate"), delta.features().get("cfg").keySet());
    assertEquals(
        Optional.of(JsonFactory.newValue(5)), delta.features().get("cfg").get("rate").reported());
  }

  @Test
  void nested_desired_objects_compare_leaf_by_leaf() {
    DesiredDelta delta =
        DesiredDelta.of(
            thing(
                "{\"cfg\":{\"properties\":{\"net\":{\"mode\":\"x\",\"rate\":5,\"extra\":1}},"
                    + "\"desiredProperties\":{\"net\":{\"mode\":\"y\",\"rate\":5.0,"
                    + "\"tls\":{\"on\":true}}}}}"));

    assertEquals(Set.of("net/mode", "net/tls/on"), delta.features().get("cfg").keySet());
    assertEquals(
        JsonFactory.newObject(
            "{\"features\":{\"cfg\":{\"net\":{\"mode\":\"y\",\"tls\":{\"on\":true}}}}}"),
        DesiredDeltaJson.patch(delta));
    JsonObject view = DesiredDeltaJson.view(delta);
    assertTrue(
        view.toString().contains("\"net/mode\":{\"desired\":\"y\",\"reported\":\"x\"}"),
        view::toString);
  }

  @Test
  void objects_compare_regardless_of_member_order_and_arrays_by_position() {
    assertTrue(
        DesiredDelta.sameValue(
            JsonFactory.readFrom("{\"a\":1,\"b\":[1,{\"c\":2}]}"),
            JsonFactory.readFrom("{\"b\":[1.0,{\"c\":2.0}],\"a\":1}")));
    assertFalse(
        DesiredDelta.sameValue(JsonFactory.readFrom("[1,2]"), JsonFactory.readFrom("[2,1]")));
    assertFalse(
        DesiredDelta.sameValue(JsonFactory.readFrom("{\"a\":1}"), JsonFactory.readFrom("{}")));
    assertFalse(DesiredDelta.sameValue(JsonFactory.newValue("1"), JsonFactory.newValue(1)));
    assertFalse(DesiredDelta.sameValue(JsonFactory.nullLiteral(), JsonFactory.newValue(0)));
  }

  @Test
  void excluded_features_and_features_without_desired_state_are_ignored() {
    Thing t =
        thing(
            "{\"firmware\":{\"desiredProperties\":{\"version\":\"2.0\"}},"
                + "\"env\":{\"properties\":{\"t\":20}},"
                + "\"cfg\":{\"desiredProperties\":{\"rate\":1}}}");

    assertEquals(Set.of("cfg", "firmware"), DesiredDelta.of(t).features().keySet());
    assertEquals(Set.of("cfg"), DesiredDelta.of(t, Set.of("firmware")).features().keySet());
  }

  @Test
  void a_desired_value_reported_as_an_object_or_null_differs() {
    DesiredDelta delta =
        DesiredDelta.of(
            thing(
                "{\"cfg\":{\"properties\":{\"a\":{\"x\":1},\"b\":null},"
                    + "\"desiredProperties\":{\"a\":1,\"b\":0,\"c\":null}}}"));

    assertEquals(Set.of("a", "b", "c"), delta.features().get("cfg").keySet());
  }
}
