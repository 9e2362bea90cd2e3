package io.twinwright.ontology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentValidatorTest {
  private static final String CONTEXT =
      """
        "@context": ["https://www.w3.org/2022/wot/td/v1.1",
                     {"tw": "https://twinwright.io/ns#", "unit": "http://qudt.org/vocab/unit/"}],
      """;

  @TempDir Path content;

  @BeforeEach
  void folders() throws IOException {
    Files.createDirectories(content.resolve("models"));
    Files.createDirectories(content.resolve("profiles"));
    Files.createDirectories(content.resolve("vocab"));
  }

  private Path model(String name, String body) throws IOException {
    return Files.writeString(content.resolve("models").resolve(name), body);
  }

  private List<String> messages(ContentReport report) {
    return report.problems().stream().map(ContentProblem::toString).toList();
  }

  @Test
  void a_consistent_folder_has_no_problems() throws IOException {
    model(
        "cold-1.0.0.tm.jsonld",
        "{\n"
            + CONTEXT
            + """
              "@type": ["tm:ThingModel", "tw:EnvironmentSensor"],
              "tw:name": "cold", "version": {"model": "1.0.0"},
              "properties": {
                "temperature": {"@type": "tw:temperature", "type": "number", "unit": "unit:DEG_C"},
                "humidity": {"@type": "tw:relativeHumidity", "type": "number", "unit": "unit:PERCENT_RH"}
              }
            }
            """);
    ContentReport report = ContentValidator.validate(content);
    assertThat(messages(report)).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.filesChecked()).isEqualTo(1);
  }

  @Test
  void reports_unknown_terms_unit_mismatches_and_unmapped_properties_with_lines()
      throws IOException {
    Path file =
        model(
            "pump-1.0.0.tm.jsonld",
            "{\n"
                + CONTEXT
                + """
                  "@type": ["tm:ThingModel", "tw:Pumpp"],
                  "tw:name": "pump", "version": {"model": "1.0.0"},
                  "properties": {
                    "temperature": {"@type": "tw:temperature", "type": "number",
                                    "unit": "unit:DEG_F"},
                    "spin": {"@type": "tw:spinRate", "type": "number", "unit": "unit:REV-PER-MIN"},
                    "humidity": {"@type": "tw:relativeHumidity", "type": "number",
                                 "unit": "unit:FURLONG"}
                  }
                }
                """);
    ContentReport report = ContentValidator.validate(content);
    assertThat(messages(report))
        .containsExactlyInAnyOrder(
            file + ":4: unknown vocabulary term tw:Pumpp (not a device class of the vocabulary)",
            file
                + ":8: property 'temperature': unit unit:DEG_F differs from unit:DEG_C, the"
                + " canonical unit of tw:temperature",
            file + ":9: unknown vocabulary term tw:spinRate",
            file
                + ":9: property 'spin' of io.twinwright:pump:1.0.0 has no profile mapping: no"
                + " vendor profile writes feature 'spin'",
            file + ":11: property 'humidity': unknown unit unit:FURLONG (not in the unit table)");
  }

  @Test
  void bad_profiles_vocabulary_and_json_are_all_reported_in_one_run() throws IOException {
    Path profile =
        Files.writeString(
            content.resolve("profiles/bad.ttl"),
            """
            @prefix tw:   <https://twinwright.io/ns#> .
            @prefix unit: <http://qudt.org/vocab/unit/> .
            <https://example.com/p> a tw:VendorProfile ;
                tw:profileId "bad" ; tw:vendor "V" ; tw:model "M" ; tw:payloadFormat tw:Json ;
                tw:field [ tw:pointer "/t" ; tw:property tw:temperature ; tw:unit unit:KiloPA ] .
            """);
    Path vocab = Files.writeString(content.resolve("vocab/extra.ttl"), "@prefix tw: <x> .\n tw:a");
    Path json = model("broken.tm.jsonld", "{\n  \"title\": \"x\",\n  \"properties\": {\n}");
    ContentReport report = ContentValidator.validate(content);
    assertThat(report.problems())
        .extracting(ContentProblem::file)
        .contains(profile.toString(), vocab.toString(), json.toString());
    assertThat(report.problems())
        .filteredOn(p -> p.file().equals(profile.toString()))
        .singleElement()
        .satisfies(p -> assertThat(p.line()).isEqualTo(5));
    assertThat(report.problems())
        .filteredOn(p -> p.file().equals(json.toString()))
        .singleElement()
        .satisfies(p -> assertThat(p.line()).isEqualTo(4));
    assertThat(report.format()).contains(profile + ":5: ");
  }

  @Test
  void extra_vocabulary_adds_canonical_properties_models_and_profiles_can_use() throws IOException {
    Files.writeString(
        content.resolve("vocab/co2.ttl"),
        """
        @prefix tw:   <https://twinwright.io/ns#> .
        @prefix qudt: <http://qudt.org/schema/qudt/> .
        @prefix unit: <http://qudt.org/vocab/unit/> .
        @prefix quantitykind: <http://qudt.org/vocab/quantitykind/> .
        @prefix qkdv: <http://qudt.org/vocab/dimensionvector/> .
        unit:PPM a qudt:Unit ; qudt:symbol "ppm" ; qudt:conversionMultiplier 0.000001 ;
            qudt:hasDimensionVector qkdv:A0E0L0I0M0H0T0D1 ;
            qudt:hasQuantityKind quantitykind:DimensionlessRatio .
        tw:co2 a tw:CanonicalProperty ; qudt:hasQuantityKind quantitykind:DimensionlessRatio ;
            tw:canonicalUnit unit:PPM ; tw:featureId "co2" ; tw:propertyPath "value" .
        """);
    Files.writeString(
        content.resolve("profiles/airq.ttl"),
        """
        @prefix tw:   <https://twinwright.io/ns#> .
        @prefix unit: <http://qudt.org/vocab/unit/> .
        <https://example.com/airq> a tw:VendorProfile ;
            tw:profileId "airq" ; tw:vendor "V" ; tw:model "A" ; tw:payloadFormat tw:Json ;
            tw:field [ tw:pointer "/co2" ; tw:property tw:co2 ; tw:unit unit:PPM ] .
        """);
    model(
        "airq-1.0.0.tm.jsonld",
        "{\n"
            + CONTEXT
            + """
              "tw:name": "airq",
              "properties": {"co2": {"@type": "tw:co2", "type": "number", "unit": "unit:PPM"}}
            }
            """);
    ContentReport report = ContentValidator.validate(content);
    assertThat(messages(report)).isEmpty();
    assertThat(report.filesChecked()).isEqualTo(3);

    Normalizer normalizer = Normalizer.load(OntologyConfig.forContent(content, 6));
    assertThat(normalizer.profileIds()).contains("airq");
  }

  @Test
  void the_bundled_thing_models_agree_with_the_vocabulary_and_the_profiles() throws IOException {
    for (String model :
        new String[] {
          "environment-sensor-1.0.0.tm.jsonld",
          "cold-room-sensor-1.0.0.tm.jsonld",
          "chiller-1.0.0.tm.jsonld"
        }) {
      try (InputStream in = getClass().getResourceAsStream("/io/twinwright/twin/models/" + model)) {
        assertThat(in).as(model).isNotNull();
        Files.write(content.resolve("models/" + model), in.readAllBytes());
      }
    }
    ContentReport report = ContentValidator.validate(content);
    assertThat(report.problems()).extracting(ContentProblem::message).isEmpty();
  }

  @Test
  void a_missing_folder_is_a_problem() {
    ContentReport report = ContentValidator.validate(content.resolve("nope"));
    assertThat(report.ok()).isFalse();
  }
}
