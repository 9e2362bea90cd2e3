package io.twinwright.twin.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinwright.twin.TwinValidationException;
import java.util.Optional;
import org.eclipse.ditto.things.model.Thing;
import org.eclipse.ditto.things.model.ThingsModelFactory;
import org.junit.jupiter.api.Test;

class ThingModelValidatorTest {
  private static final String MODEL =
      """
      {"title": "Valve", "tw:namespace": "org.example", "tw:name": "valve",
       "version": {"model": "1.0.0"},
       "properties": {
         "mode": {"type": "string", "enum": ["open", "closed"]},
         "count": {"type": "integer", "minimum": 0},
         "label": {"type": "string", "minLength": 2, "maxLength": 4},
         "config": {"type": "object", "required": ["limit"],
                    "properties": {"limit": {"type": "number", "maximum": 10}}},
         "pressure": {"type": "number", "readOnly": true}
       }}
      """;

  private final ThingModelValidator validator;

  ThingModelValidatorTest() throws Exception {
    ThingModel model =
        ThingModelCatalog.parse(new ObjectMapper().readTree(MODEL), "valve.tm.jsonld");
    ThingModelCatalog catalog = ThingModelCatalog.empty().with(model);
    validator = new ThingModelValidator(() -> catalog);
  }

  private static Thing valve(String features) {
    return ThingsModelFactory.newThing(
        "{\"thingId\":\"acme:v1\",\"definition\":\"org.example:valve:1.0.0\",\"features\":"
            + features
            + "}");
  }

  private TwinValidationException refused(Optional<Thing> before, Thing after) {
    try {
      validator.validate(before, after);
    } catch (TwinValidationException e) {
      return e;
    }
    throw new AssertionError("accepted: " + after);
  }

  @Test
  void accepts_values_that_follow_the_model() {
    Thing ok =
        valve(
            "{\"mode\":{\"properties\":{\"value\":\"open\"}},"
                + "\"count\":{\"properties\":{\"value\":3}},"
                + "\"label\":{\"desiredProperties\":{\"value\":\"abc\"}},"
                + "\"config\":{\"properties\":{\"value\":{\"limit\":5}}},"
                + "\"connectivity\":{\"properties\":{\"status\":\"whatever\"}}}");
    assertThatCode(() -> validator.validate(Optional.empty(), ok)).doesNotThrowAnyException();
  }

  @Test
  void names_each_broken_rule_at_its_path() {
    TwinValidationException e =
        refused(
            Optional.empty(),
            valve(
                "{\"mode\":{\"properties\":{\"value\":\"ajar\"}},"
                    + "\"count\":{\"properties\":{\"value\":1.5}},"
                    + "\"label\":{\"properties\":{\"value\":\"abcdef\"}},"
                    + "\"config\":{\"properties\":{\"value\":{\"limit\":50}}}}"));
    assertThat(e.modelId()).isEqualTo("org.example:valve:1.0.0");
    assertThat(e.details().get("/features/mode/properties/value").get(0)).startsWith("enum:");
    assertThat(e.details().get("/features/count/properties/value").get(0))
        .isEqualTo("type: number found, integer expected");
    assertThat(e.details().get("/features/label/properties/value").get(0)).startsWith("maxLength:");
    assertThat(e.details().get("/features/config/properties/value/limit").get(0))
        .isEqualTo("maximum: 50 is greater than 10");

    TwinValidationException missing =
        refused(Optional.empty(), valve("{\"config\":{\"properties\":{\"value\":{}}}}"));
    assertThat(missing.details().get("/features/config/properties/value"))
        .containsExactly("required: member <limit> is missing");
  }

  @Test
  void read_only_properties_may_stay_but_not_change() {
    Thing reported = valve("{\"pressure\":{\"properties\":{\"value\":2.0}}}");
    assertThatCode(() -> validator.validate(Optional.of(reported), reported))
        .doesNotThrowAnyException();
    TwinValidationException e =
        refused(Optional.of(reported), valve("{\"pressure\":{\"properties\":{\"value\":3.0}}}"));
    assertThat(e.details().get("/features/pressure/properties").get(0)).startsWith("readOnly:");
  }

  @Test
  void twins_without_a_known_model_are_not_checked() {
    Thing other =
        ThingsModelFactory.newThing(
            "{\"thingId\":\"acme:v1\",\"definition\":\"org.example:unknown:1.0.0\","
                + "\"features\":{\"mode\":{\"properties\":{\"value\":42}}}}");
    assertThatCode(() -> validator.validate(Optional.empty(), other)).doesNotThrowAnyException();
    assertThatCode(
            () ->
                ThingModelValidator.none()
                    .validate(Optional.empty(), valve("{\"mode\":{\"properties\":{\"value\":1}}}")))
        .doesNotThrowAnyException();
  }
}
